// Flow table: slab of flows + hash index + LRU order + Zeek-style timer queue.
// Timers due by a packet's timestamp fire before that packet is processed, as in Zeek.
#include "capture/flow/flow_table.hpp"

#include <algorithm>
#include <array>
#include <queue>
#include <span>
#include <unordered_map>
#include <vector>

#include "capture/flow/conn_state.hpp"
#include "capture/flow/flow_index.hpp"
#include "capture/flow/icmp_ports.hpp"
#include "capture/flow/likely_server_ports.hpp"
#include "capture/flow/quaternary_heap.hpp"
#include "capture/flow/stable_slab.hpp"
#include "capture/flow/tcp_tracker.hpp"

namespace gp {
namespace {

constexpr std::uint32_t kNil = UINT32_MAX;
// A timer queue this small is never swept: it stays in cache, and sweeping it would cost more
// than the stale timers do.
constexpr std::size_t kTimersNeverSwept = 4096;

// A full table ends its least recently active flow, except when unanswered flows fill a
// sixteenth of it or more: then the oldest of those goes (Linux conntrack's early drop of
// unreplied entries), so under a flood of spoofed SYNs or a scan the probes make room, not
// the sessions idle behind them. Below that share the unanswered flows are mostly handshakes
// in flight, which plain LRU order keeps: ending the oldest of them would split it when its
// answer comes (at a 20,000-flow cap on the scan-heavy benchmark, a million flows more).
constexpr std::size_t kEarlyDropShare = 16;
// Before the table is full, flows of a single packet (a flood's spoofed SYNs, probes to
// silent addresses) may fill a quarter of --max-flows; past that a new flow first ends the
// oldest unanswered flow if it is one of them. Its record is complete: nothing else is coming,
// or a retry opens a new flow. So a flood holds a quarter of the slots instead of all of them
// (the 1 M SYN flood: 367 → 278 MB), while handshakes in flight, rarely that many, and a
// one-way tap's sessions, several packets each, keep the whole table.
constexpr std::size_t kSinglePacketShare = 4;
enum LruList : std::uint8_t { kUnanswered = 0, kAnswered = 1 };
bool answered(const Flow& flow) { return flow.orig_pkts > 0 && flow.resp_pkts > 0; }
bool single_packet(const Flow& flow) { return flow.orig_pkts + flow.resp_pkts == 1; }

struct Slot {
  Flow flow;
  std::uint64_t hash = 0;
  std::uint32_t generation = 0;
  std::uint32_t lru_prev = kNil;
  std::uint32_t lru_next = kNil;
  bool used = false;
  LruList list = kUnanswered;
};

struct LruOrder {
  std::uint32_t head = kNil;  // least recently active
  std::uint32_t tail = kNil;
  std::size_t size = 0;
};

struct TimerEntry {
  TimeNs at;
  std::uint64_t seq;      // insertion order breaks ties, as Zeek's timer queue does
  std::uint64_t created;  // (frame << 20 | index): FlowEndOrder::timer_created
  std::uint32_t slot;
  std::uint32_t generation;
  std::uint32_t epoch;
  TimerKind kind;
};
struct TimerLater {
  bool operator()(const TimerEntry& a, const TimerEntry& b) const { return a.at != b.at ? a.at > b.at : a.seq > b.seq; }
};

// Ports as Zeek keys a connection: ICMP type/counterpart, none for other protocols.
void flow_ports(const DecodedPacket& pkt, std::uint16_t& sport, std::uint16_t& dport) {
  switch (pkt.protocol) {
    case ip_proto::kTcp:
    case ip_proto::kUdp:
      sport = pkt.src_port;
      dport = pkt.dst_port;
      return;
    case ip_proto::kIcmp:
    case ip_proto::kIcmpV6: {
      const IcmpPorts p = icmp_ports(pkt.protocol == ip_proto::kIcmpV6, pkt.icmp_type, pkt.icmp_code);
      sport = p.src_port;
      dport = p.dst_port;
      return;
    }
    default: sport = dport = 0;
  }
}

// Ports Zeek attaches its DNS analyzer to (by responder port), which ends idle UDP DNS
// sessions after dns_session_timeout.
bool is_dns_port(std::uint16_t port) { return port == 53 || port == 137 || port == 5353 || port == 5355; }

bool is_broadcast(const IpAddress& a) {
  if (!a.is_v4()) return false;
  const auto& b = a.bytes();
  return b[12] == 255 && b[13] == 255 && b[14] == 255 && b[15] == 255;
}

// Zeek's WantConnection role guess for flows that did not start with a clean SYN / for UDP.
bool should_flip(const DecodedPacket& pkt) {
  if (is_broadcast(pkt.dst)) return false;
  const std::uint16_t sp = pkt.src_port;
  const std::uint16_t dp = pkt.dst_port;
  if (pkt.protocol == ip_proto::kUdp) {
    return is_likely_server_port(pkt.protocol, sp) && !is_likely_server_port(pkt.protocol, dp);
  }
  if (pkt.protocol != ip_proto::kTcp) return false;
  const std::uint8_t f = pkt.tcp.flags;
  const bool syn = (f & tcp_flag::kSyn) != 0;
  const bool ack = (f & tcp_flag::kAck) != 0;
  if (syn && !ack) return false;  // a clean SYN names its originator
  if (!is_likely_server_port(pkt.protocol, sp)) return false;
  if (is_likely_server_port(pkt.protocol, dp)) return !syn && sp < dp;  // favour the lower port as server
  return true;
}

std::string make_uid(const Flow& flow, std::uint64_t seed) {
  return format_uid(make_uid_digest(flow.uid_salt, flow.start, flow.key, seed));
}

}  // namespace

ConnRecord make_conn_record(const Flow& flow, FlowEnd end, std::uint64_t uid_seed,
                            std::span<const UidDigest> tunnel_parents) {
  ConnRecord r;
  r.start = flow.start;
  r.last = flow.last;
  r.uid = make_uid(flow, uid_seed);
  r.orig_h = flow.orig_h;
  r.orig_p = flow.orig_p;
  r.resp_h = flow.resp_h;
  r.resp_p = flow.resp_p;
  r.ip_proto = flow.protocol;
  r.state = compute_conn_state(flow);
  r.history = std::string(flow.history.letters());
  if (flow.protocol == ip_proto::kTcp) {
    r.orig_bytes = flow.orig_ep().size(flow.resp_ep());
    r.resp_bytes = flow.resp_ep().size(flow.orig_ep());
    r.missed_bytes = flow.orig_ep().missed_bytes + flow.resp_ep().missed_bytes;
  } else if (flow.protocol == ip_proto::kUdp || flow.protocol == ip_proto::kIcmp ||
             flow.protocol == ip_proto::kIcmpV6) {
    r.orig_bytes = flow.orig_size;
    r.resp_bytes = flow.resp_size;
  }
  r.orig_pkts = flow.orig_pkts;
  r.orig_ip_bytes = flow.orig_ip_bytes;
  r.resp_pkts = flow.resp_pkts;
  r.resp_ip_bytes = flow.resp_ip_bytes;
  r.icmp_errors = flow.icmp_errors;
  r.tunnel_parents.reserve(tunnel_parents.size());
  for (const UidDigest& parent : tunnel_parents) r.tunnel_parents.push_back(format_uid(parent));
  r.end = end;
  return r;
}

struct FlowTable::Impl final : TimerScheduler {
  Impl(const FlowTableConfig& c, FlowSink& s) : config(c), sink(s), index(1024) {
    if (config.max_flows == 0) config.max_flows = 1;
  }

  FlowTableConfig config;
  FlowSink& sink;
  FlowIndex index;
  StableSlab<Slot> slots;  // flows never move: growing the table copies nothing
  std::vector<std::uint32_t> free_slots;
  // Each list is in last_touch order (a flow joins its tail when touched), so the oldest flow
  // of the table is the older of the two heads.
  std::array<LruOrder, 2> lru;
  QuaternaryHeap<TimerEntry, TimerLater> heap;
  std::uint64_t timer_seq = 0;
  std::size_t timers_after_compaction = 0;
  TimeNs network_time = 0;
  std::uint64_t next_serial = 0;
  // The frame being handled, and what has happened within it so far (ending_order()).
  std::uint64_t current_frame = 0;
  std::uint64_t timers_this_frame = 0;
  std::uint64_t touches_this_frame = 0;
  FlowEndOrder ending;
  std::size_t live = 0;
  std::size_t single_packet_flows = 0;  // open flows that have seen one packet (single_packet_victim)
  FlowTableStats stats;
  IcmpQuoteMisses* quote_misses = nullptr;
  // The tunnel parents of the flows that have any, by slot: few flows arrive in a tunnel, so
  // a Flow keeps only their count (the array in every flow was 64 bytes of 888).
  using TunnelParents = std::array<UidDigest, kMaxTunnelParents>;
  std::unordered_map<std::uint32_t, TunnelParents> tunnel_parents;

  // --- TimerScheduler -------------------------------------------------------------------
  static std::uint32_t slot_of(const Flow& flow) { return flow.table_slot; }
  void push_timer(std::uint32_t slot, TimerKind kind, TimeNs at, std::uint32_t epoch) {
    if (heap.size() == heap.capacity()) sweep_timers_before_growing();
    const std::uint64_t created = (current_frame << 20) | std::min<std::uint64_t>(timers_this_frame++, 0xfffff);
    heap.push(TimerEntry{at, timer_seq++, created, slot, slots[slot].generation, epoch, kind});
  }
  void schedule(Flow& flow, TimerKind kind, TimeNs at) override {
    const bool inactivity = kind == TimerKind::inactivity;
    push_timer(slot_of(flow), kind, at, inactivity ? flow.inactivity_epoch : flow.timer_epoch);
  }
  void cancel_tcp_timers(Flow& flow) override { ++flow.timer_epoch; }
  void set_inactivity_timeout(Flow& flow, TimeNs timeout) override {
    if (timeout == flow.inactivity_timeout) return;
    ++flow.inactivity_epoch;
    flow.inactivity_timeout = timeout;
    if (timeout > 0) schedule(flow, TimerKind::inactivity, flow.last + timeout);
  }

  TcpContext tcp_context() { return TcpContext{*this, config.timeouts}; }

  // --- LRU ------------------------------------------------------------------------------
  void lru_unlink(std::uint32_t s) {
    Slot& slot = slots[s];
    LruOrder& order = lru[slot.list];
    if (slot.lru_prev != kNil) slots[slot.lru_prev].lru_next = slot.lru_next;
    else order.head = slot.lru_next;
    if (slot.lru_next != kNil) slots[slot.lru_next].lru_prev = slot.lru_prev;
    else order.tail = slot.lru_prev;
    --order.size;
    slot.lru_prev = slot.lru_next = kNil;
  }
  void lru_append(std::uint32_t s, LruList list) {
    Slot& slot = slots[s];
    LruOrder& order = lru[list];
    slot.list = list;
    slot.lru_prev = order.tail;
    slot.lru_next = kNil;
    if (order.tail != kNil) slots[order.tail].lru_next = s;
    else order.head = s;
    order.tail = s;
    ++order.size;
  }
  void lru_touch(std::uint32_t s) {
    Slot& slot = slots[s];
    slot.flow.last_touch = (current_frame << 16) | std::min<std::uint64_t>(touches_this_frame++, 0xffff);
    if (lru[slot.list].tail == s) return;
    lru_unlink(s);
    lru_append(s, slot.list);
  }
  // The flow just touched saw its first answer: it moves to the answered list's tail, where its
  // last_touch (the newest of the table) keeps that list in order.
  void note_if_answered(std::uint32_t s) {
    if (slots[s].list == kAnswered || !answered(slots[s].flow)) return;
    lru_unlink(s);
    lru_append(s, kAnswered);
  }
  // The least recently active flow (kNil when the table is empty).
  std::uint32_t oldest() const {
    const std::uint32_t a = lru[kUnanswered].head;
    const std::uint32_t b = lru[kAnswered].head;
    if (a == kNil || b == kNil) return a == kNil ? b : a;
    return slots[a].flow.last_touch < slots[b].flow.last_touch ? a : b;
  }
  // Whom a full table ends to make room.
  std::uint32_t eviction_victim() const {
    const LruOrder& unanswered = lru[kUnanswered];
    return unanswered.size * kEarlyDropShare >= live && unanswered.head != kNil ? unanswered.head : oldest();
  }
  // Whom a table not yet full ends to make room (kSinglePacketShare), or kNil.
  std::uint32_t single_packet_victim() const {
    if (single_packet_flows * kSinglePacketShare < config.max_flows) return kNil;
    const std::uint32_t head = lru[kUnanswered].head;
    return head != kNil && single_packet(slots[head].flow) ? head : kNil;
  }

  // --- lifecycle -------------------------------------------------------------------------
  std::uint32_t find(const FlowKey& key, std::uint64_t hash) const {
    return index.find(key, hash, [this](std::uint32_t s) -> const FlowKey& { return slots[s].flow.key; });
  }

  void end_flow(std::uint32_t s, FlowEnd why) {
    Slot& slot = slots[s];
    sink.flow_ended(slot.flow, record_of(slot.flow, why));
    if (single_packet(slot.flow)) --single_packet_flows;
    if (slot.flow.tunnel_parent_count != 0) tunnel_parents.erase(s);
    index.erase(slot.hash, s);
    lru_unlink(s);
    slot.used = false;
    ++slot.generation;  // pending timers of this flow become stale
    free_slots.push_back(s);
    --live;
    ++stats.flows_ended;
    if (why == FlowEnd::evicted) ++stats.flows_evicted;
  }

  std::uint32_t allocate_slot() {
    const bool full = live >= config.max_flows;
    const std::uint32_t victim = full ? eviction_victim() : single_packet_victim();
    if (victim != kNil) {
      end_flow(victim, FlowEnd::evicted);
      if (!full) ++stats.single_packet_evicted;
    }
    if (!free_slots.empty()) {
      const std::uint32_t s = free_slots.back();
      free_slots.pop_back();
      return s;
    }
    slots.grow();
    return static_cast<std::uint32_t>(slots.size() - 1);
  }

  std::uint32_t create_flow(const DecodedPacket& pkt, const FlowKey& key, std::uint64_t hash, std::uint16_t sport,
                            std::uint16_t dport) {
    const std::uint32_t s = allocate_slot();
    Slot& slot = slots[s];
    const std::uint32_t generation = slot.generation;
    slot = Slot{};
    slot.generation = generation;
    slot.used = true;
    slot.hash = hash;
    Flow& flow = slot.flow;
    flow.key = key;
    flow.table_slot = s;
    flow.orig_h = pkt.src;
    flow.orig_p = sport;
    flow.resp_h = pkt.dst;
    flow.resp_p = dport;
    flow.protocol = pkt.protocol;
    flow.start = flow.last = pkt.ts;
    flow.serial = next_serial++;
    index.insert(hash, s);
    flow.last_touch = current_frame << 16;
    lru_append(s, kUnanswered);
    ++live;
    ++stats.flows_created;
    stats.peak_flows = std::max<std::uint64_t>(stats.peak_flows, live);

    if (should_flip(pkt)) flip_roles(flow);
    const FlowTimeouts& t = config.timeouts;
    switch (flow.protocol) {
      case ip_proto::kTcp: {
        TcpContext ctx = tcp_context();
        tcp_start(flow, ctx, pkt.ts);
        // Zeek gives a TCP connection the UDP timeout until its handshake completes.
        set_inactivity_timeout(flow, t.udp_inactivity);
        break;
      }
      case ip_proto::kUdp:
        set_inactivity_timeout(flow, t.udp_inactivity);
        if (is_dns_port(flow.resp_p)) schedule(flow, TimerKind::dns_expire, pkt.ts + t.dns_session_timeout);
        break;
      case ip_proto::kIcmp:
      case ip_proto::kIcmpV6: set_inactivity_timeout(flow, t.icmp_inactivity); break;
      default: set_inactivity_timeout(flow, t.other_inactivity); break;
    }
    return s;
  }

  void count_packet(Flow& flow, bool is_orig, const DecodedPacket& pkt) {
    if (is_orig) {
      ++flow.orig_pkts;
      flow.orig_ip_bytes += pkt.ip_len;
    } else {
      ++flow.resp_pkts;
      flow.resp_ip_bytes += pkt.ip_len;
    }
  }

  void note_icmp_error(const IcmpQuote& q, TimeNs ts) {
    if (!q.present || match_icmp_error(q)) return;
    if (quote_misses != nullptr) {
      quote_misses->quote_missed(q, ts);
    } else {
      ++stats.icmp_errors_unmatched;
    }
  }

  bool match_icmp_error(const IcmpQuote& q) {
    bool unused = false;
    const FlowKey key = FlowKey::make(q.src, q.src_port, q.dst, q.dst_port, q.protocol, unused);
    const std::uint32_t s = find(key, hash_flow_key(key));
    if (s == FlowIndex::kNone) return false;
    ++slots[s].flow.icmp_errors;
    ++stats.icmp_errors_matched;
    return true;
  }

  void add_tunnel_parent(Flow& flow, const UidDigest& parent) {
    TunnelParents& parents = tunnel_parents[flow.table_slot];  // value-initialised when new
    for (std::size_t i = 0; i < flow.tunnel_parent_count; ++i) {
      if (parents[i] == parent) return;
    }
    if (flow.tunnel_parent_count < kMaxTunnelParents) parents[flow.tunnel_parent_count++] = parent;
  }
  std::span<const UidDigest> tunnel_parents_of(const Flow& flow) const {
    if (flow.tunnel_parent_count == 0) return {};
    return std::span<const UidDigest>(tunnel_parents.at(flow.table_slot)).first(flow.tunnel_parent_count);
  }
  ConnRecord record_of(const Flow& flow, FlowEnd end) const {
    return make_conn_record(flow, end, config.uid_seed, tunnel_parents_of(flow));
  }

  Flow* live_flow(FlowRef ref) {
    if (ref.slot >= slots.size()) return nullptr;
    Slot& slot = slots[ref.slot];
    return slot.used && slot.generation == ref.generation ? &slot.flow : nullptr;
  }

  void enter_frame(std::uint64_t frame) {
    if (frame == current_frame) return;
    current_frame = frame;
    timers_this_frame = touches_this_frame = 0;
  }

  FlowRef process(const DecodedPacket& pkt, bool bad_checksum, const UidDigest* tunnel_parent, bool note_quote) {
    ++stats.packets;
    enter_frame(pkt.number);
    // Zeek expires the timers due by a packet's time before it dispatches the packet.
    advance(pkt.ts);
    ending = FlowEndOrder{current_frame, FlowEndOrder::packet, 0, 0, network_time};
    std::uint16_t sport = 0;
    std::uint16_t dport = 0;
    flow_ports(pkt, sport, dport);
    bool src_is_low = false;
    const FlowKey key = FlowKey::make(pkt.src, sport, pkt.dst, dport, pkt.protocol, src_is_low);
    const std::uint64_t hash = hash_flow_key(key);

    std::uint32_t s = find(key, hash);
    std::uint32_t uid_salt = 0;
    if (s != FlowIndex::kNone && pkt.protocol == ip_proto::kTcp && tcp_is_reuse(slots[s].flow, pkt)) {
      ++stats.tcp_reused;
      if (slots[s].flow.start == pkt.ts) uid_salt = slots[s].flow.uid_salt + 1;  // same key, same instant
      end_flow(s, FlowEnd::inactivity_timeout);
      s = FlowIndex::kNone;
    }
    if (s == FlowIndex::kNone) {
      s = create_flow(pkt, key, hash, sport, dport);
      slots[s].flow.uid_salt = uid_salt;
    }
    lru_touch(s);
    Flow& flow = slots[s].flow;
    const bool was_single_packet = single_packet(flow);
    if (tunnel_parent != nullptr) add_tunnel_parent(flow, *tunnel_parent);
    if (pkt.protocol == ip_proto::kTcp && !bad_checksum && tcp_should_flip_after_syn_ack(flow, pkt)) {
      flip_roles_retroactively(flow);
    }
    const bool is_orig = flow.is_orig(pkt.src, sport);
    const std::uint16_t announced_before = flow.evidence.announced.total;
    flow.evidence.observe(pkt, is_orig);
    if (flow.evidence.announced.total != announced_before) {  // a control channel's PORT/227: rare
      sink.flow_announced(flow, record_of(flow, FlowEnd::end_of_input));
    }

    switch (pkt.protocol) {
      case ip_proto::kTcp: {
        if (bad_checksum) {  // Zeek drops it before any accounting, history aside
          ++stats.bad_checksums;
          tcp_bad_checksum(flow, is_orig);
          break;
        }
        TcpContext ctx = tcp_context();
        tcp_process_packet(flow, pkt, is_orig, ctx);
        count_packet(flow, is_orig, pkt);
        break;
      }
      case ip_proto::kUdp: {
        // Zeek's UDP analyzer returns on a bad checksum before the packet is counted
        // (tunnels/vxlan-encapsulated-igmp-v2.pcap: history C, no packets).
        if (bad_checksum) {
          ++stats.bad_checksums;
          TcpEndpoint& ep = is_orig ? flow.orig_ep() : flow.resp_ep();
          flow.history.scaled('C', is_orig, ep.bad_checksums);
          break;
        }
        count_packet(flow, is_orig, pkt);
        flow.last = pkt.ts;
        flow.history.check(hist::kData, 'D', is_orig);
        (is_orig ? flow.orig_size : flow.resp_size) += pkt.payload_len;
        (is_orig ? flow.orig_seen_data : flow.resp_seen_data) = true;
        break;
      }
      case ip_proto::kIcmp:
      case ip_proto::kIcmpV6:
        flow.last = pkt.ts;
        count_packet(flow, is_orig, pkt);
        (is_orig ? flow.orig_size : flow.resp_size) += pkt.payload_len;
        if (note_quote) note_icmp_error(pkt.icmp_quote, pkt.ts);
        break;
      default:
        flow.last = pkt.ts;
        count_packet(flow, is_orig, pkt);
        break;
    }
    if (single_packet(flow) != was_single_packet) {
      if (was_single_packet) --single_packet_flows;
      else ++single_packet_flows;
    }
    note_if_answered(s);
    return FlowRef{s, slots[s].generation};
  }

  void fire(const TimerEntry& e, TimeNs now) {
    Slot& slot = slots[e.slot];
    if (!slot.used || slot.generation != e.generation) return;
    Flow& flow = slot.flow;
    if (e.kind == TimerKind::inactivity) {
      if (e.epoch != flow.inactivity_epoch) return;
      if (flow.last + flow.inactivity_timeout <= now) {
        end_flow(e.slot, FlowEnd::inactivity_timeout);
      } else {
        schedule(flow, TimerKind::inactivity, flow.last + flow.inactivity_timeout);
      }
      return;
    }
    if (e.epoch != flow.timer_epoch) return;
    TcpContext ctx = tcp_context();
    bool remove = false;
    switch (e.kind) {
      case TimerKind::tcp_attempt:
        remove = tcp_attempt_timer(flow);
        if (remove) flow.tcp_active = false;
        break;
      case TimerKind::tcp_expire: remove = tcp_expire_timer(flow, now, ctx); break;
      case TimerKind::tcp_delete: remove = true; break;
      case TimerKind::tcp_reset: remove = tcp_reset_timer(flow); break;
      case TimerKind::dns_expire:
        // Zeek allows a second of slack for its timer granularity.
        remove = now - flow.last >= config.timeouts.dns_session_timeout - kSecond;
        if (!remove) schedule(flow, TimerKind::dns_expire, now + config.timeouts.dns_session_timeout);
        break;
      case TimerKind::inactivity: break;
    }
    if (remove) end_flow(e.slot, FlowEnd::inactivity_timeout);
  }

  void advance(TimeNs now) {
    network_time = std::max(network_time, now);
    while (!heap.empty() && heap.top().at <= network_time) {
      const TimerEntry e = heap.pop();
      ending = FlowEndOrder{current_frame, FlowEndOrder::timer, e.at, e.created, network_time};
      fire(e, network_time);
    }
    compact_timers_if_needed();
  }

  // Cancelled and stale timers stay queued until due; under a flood they could outgrow
  // the flows they belonged to. They are swept out whenever the queue has doubled since the
  // last sweep and holds more than two timers per live flow: a queue of mostly live timers
  // is not swept again at once (amortised O(1) per timer), and a small queue stays in cache.
  void compact_timers_if_needed() {
    const std::size_t limit = std::max(2 * timers_after_compaction, 2 * std::max(live, kTimersNeverSwept));
    if (heap.size() > limit) sweep_timers();
  }
  // A full queue is swept before it doubles: under a flood of evicted flows its array would
  // otherwise double with stale timers (and, while moving, hold both arrays: that was the
  // heap's peak for a 1 M-SYN flood under massif). When the sweep frees less than a quarter, the array doubles
  // at once, so a queue of mostly live timers is not swept again at every push; a sweep that
  // frees a quarter pays for itself within the pushes that quarter makes room for.
  void sweep_timers_before_growing() {
    const std::size_t full = heap.size();
    if (full < kTimersNeverSwept) return;
    sweep_timers();
    if (heap.size() > full - full / 4) heap.reserve(2 * full);
  }
  void sweep_timers() {
    heap.erase_if([this](const TimerEntry& e) {
      const Slot& slot = slots[e.slot];
      if (!slot.used || slot.generation != e.generation) return true;
      return e.epoch != (e.kind == TimerKind::inactivity ? slot.flow.inactivity_epoch : slot.flow.timer_epoch);
    });
    timers_after_compaction = heap.size();
  }

  bool end_oldest() {
    const std::uint32_t s = oldest();
    if (s == kNil) {
      heap.clear();
      return false;
    }
    ending = FlowEndOrder{slots[s].flow.last_touch, FlowEndOrder::end_of_input, 0, 0, network_time};
    end_flow(s, FlowEnd::end_of_input);
    return true;
  }

  void flush() {
    while (end_oldest()) {}
  }
};

FlowTable::FlowTable(const FlowTableConfig& config, FlowSink& sink) : impl_(std::make_unique<Impl>(config, sink)) {}
FlowTable::~FlowTable() = default;
FlowRef FlowTable::process(const DecodedPacket& pkt, bool bad_checksum, const UidDigest* tunnel_parent,
                           bool note_quote) {
  return impl_->process(pkt, bad_checksum, tunnel_parent, note_quote);
}
void FlowTable::note_icmp_quote(const IcmpQuote& quote, std::uint64_t frame, TimeNs ts) {
  advance(ts, frame);
  impl_->note_icmp_error(quote, ts);
}
void FlowTable::send_quote_misses(IcmpQuoteMisses* misses) { impl_->quote_misses = misses; }
bool FlowTable::match_icmp_quote(const IcmpQuote& quote) { return quote.present && impl_->match_icmp_error(quote); }
const Flow* FlowTable::flow(FlowRef ref) const { return impl_->live_flow(ref); }
UidDigest FlowTable::uid_digest(const Flow& flow) const {
  return make_uid_digest(flow.uid_salt, flow.start, flow.key, impl_->config.uid_seed);
}
void FlowTable::note_tunnel_violation(FlowRef ref, TunnelType t) {
  if (Flow* f = impl_->live_flow(ref)) f->tunnel_violations |= tunnel_bit(t);
}
void FlowTable::note_tunnel_too_deep(FlowRef ref) {
  if (Flow* f = impl_->live_flow(ref)) f->history.check(hist::kUnknown, 'X', true);
}
void FlowTable::advance(TimeNs now) { impl_->advance(now); }
void FlowTable::advance(TimeNs now, std::uint64_t frame) {
  impl_->enter_frame(frame);
  impl_->advance(now);
}
void FlowTable::raise_clock(TimeNs now) { impl_->network_time = std::max(impl_->network_time, now); }
std::size_t FlowTable::timer_capacity() const { return impl_->heap.capacity(); }
TimeNs FlowTable::next_deadline() const { return impl_->heap.empty() ? INT64_MAX : impl_->heap.top().at; }
const FlowEndOrder& FlowTable::ending_order() const { return impl_->ending; }
std::optional<std::uint64_t> FlowTable::oldest_touch() const {
  const std::uint32_t s = impl_->oldest();
  if (s == kNil) return std::nullopt;
  return impl_->slots[s].flow.last_touch;
}
bool FlowTable::end_oldest() { return impl_->end_oldest(); }
void FlowTable::flush() { impl_->flush(); }
void FlowTable::for_each_open(const std::function<void(const Flow&)>& visit) const {
  // The two lists merged by last_touch.
  const auto& slots = impl_->slots;
  std::uint32_t a = impl_->lru[kUnanswered].head;
  std::uint32_t b = impl_->lru[kAnswered].head;
  while (a != kNil || b != kNil) {
    const bool take_a = b == kNil || (a != kNil && slots[a].flow.last_touch < slots[b].flow.last_touch);
    std::uint32_t& s = take_a ? a : b;
    visit(slots[s].flow);
    s = slots[s].lru_next;
  }
}
ConnRecord FlowTable::snapshot(const Flow& flow) const { return impl_->record_of(flow, FlowEnd::end_of_input); }
std::size_t FlowTable::size() const { return impl_->live; }
const FlowTableStats& FlowTable::stats() const { return impl_->stats; }

void FlowTableStats::add(const FlowTableStats& other) {
  packets += other.packets;
  flows_created += other.flows_created;
  flows_ended += other.flows_ended;
  flows_evicted += other.flows_evicted;
  single_packet_evicted += other.single_packet_evicted;
  tcp_reused += other.tcp_reused;
  bad_checksums += other.bad_checksums;
  icmp_errors_matched += other.icmp_errors_matched;
  icmp_errors_unmatched += other.icmp_errors_unmatched;
  peak_flows += other.peak_flows;
}

}  // namespace gp
