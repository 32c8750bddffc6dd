// The flow table: finds or creates the flow of each decoded packet, keeps Zeek's
// per-protocol accounting and timers, and hands every finished flow to a FlowSink.
//
// Memory is bounded by FlowTableConfig::max_flows, not by the input: when the table is full
// the least recently active flow is ended early (FlowEnd::evicted) and counted, or, while
// flows that never saw an answer fill a sixteenth of the table or more, the least recently
// active of those (a flood's SYNs make room, not the sessions behind them). Flows of a single
// packet hold at most a quarter of it even before it is full. The hash index, slab and timer
// heap grow geometrically up to that cap; nothing is allocated per packet once they have
// grown.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>

#include "capture/decode/decoded_packet.hpp"
#include "capture/flow/conn_record.hpp"
#include "capture/flow/flow.hpp"
#include "capture/flow/timers.hpp"
#include "capture/flow/uid.hpp"

namespace gp {

struct FlowTableConfig {
  std::size_t max_flows = 1'000'000;
  FlowTimeouts timeouts;
  std::uint64_t uid_seed = 0;  // uids are deterministic for a given input and seed
};

struct FlowTableStats {
  std::uint64_t packets = 0;
  std::uint64_t flows_created = 0;
  std::uint64_t flows_ended = 0;
  std::uint64_t flows_evicted = 0;  // ended early by the cap
  // Of those, flows of one packet ended before the table was full: they hold a quarter of it.
  std::uint64_t single_packet_evicted = 0;
  std::uint64_t tcp_reused = 0;  // a new SYN on a 5-tuple in use
  std::uint64_t bad_checksums = 0;
  std::uint64_t icmp_errors_matched = 0;
  std::uint64_t icmp_errors_unmatched = 0;
  std::uint64_t peak_flows = 0;
  // Another table's counts added in; peak_flows becomes an upper bound (tables peak apart).
  void add(const FlowTableStats& other);
};

// Names a flow across calls: valid until the flow ends (its slot's generation moves on).
struct FlowRef {
  std::uint32_t slot = UINT32_MAX;
  std::uint32_t generation = 0;
};

// Where in the run a flow ended, comparable between tables fed with the frames of one capture
// (the workers of `-j N`): ordering ends by it reproduces the order one table would have
// ended them in. Ends at the same frame come first from timers (in deadline, then creation
// order), then from the packet itself (TCP port reuse, eviction); at the end of input, by
// last activity.
struct FlowEndOrder {
  enum Phase : std::uint8_t { timer = 0, packet = 1, end_of_input = 2 };
  std::uint64_t frame = 0;  // the frame being handled (end of input: the flow's last_touch)
  Phase phase = timer;
  TimeNs deadline = 0;              // timers: when it was due
  std::uint64_t timer_created = 0;  // timers: (frame << 20 | index) when it was set
  TimeNs clock = 0;                 // the table's network time then (files read independently)
  friend auto operator<=>(const FlowEndOrder&, const FlowEndOrder&) = default;
};

// Where a table sends the ICMP errors whose quoted flow it does not hold, when the flow may
// be in another table it cannot see (the workers of `ghostport live -j N`, whose packets the
// kernel spreads): instead of counting them unmatched.
class IcmpQuoteMisses {
 public:
  virtual ~IcmpQuoteMisses() = default;
  virtual void quote_missed(const IcmpQuote& quote, TimeNs ts) = 0;
};

// Receives flows as they end. The Flow reference dies when the call returns.
class FlowSink {
 public:
  virtual ~FlowSink() = default;
  virtual void flow_ended(const Flow& flow, const ConnRecord& record) = 0;
  // An open flow's packet announced a later connection (a control channel's FTP PORT or
  // 227: flow.evidence.announced grew); `now` is its conn.log view so far. For sinks that
  // judge connections before their control connection ends (ghostport live); analyze
  // matches them after the fact and ignores this.
  virtual void flow_announced(const Flow& /*flow*/, const ConnRecord& /*now*/) {}
};

class FlowTable {
 public:
  FlowTable(const FlowTableConfig& config, FlowSink& sink);
  ~FlowTable();
  FlowTable(const FlowTable&) = delete;
  FlowTable& operator=(const FlowTable&) = delete;

  // One decoded IP packet; returns the flow it went to. `bad_checksum` marks a packet whose
  // transport checksum failed verification (only when the caller verifies checksums).
  // `tunnel_parent`: the uid of the flow whose packet carried this one in a tunnel.
  // `note_quote` false: an ICMP error's quote is matched by another table (note_icmp_quote).
  FlowRef process(const DecodedPacket& pkt, bool bad_checksum = false, const UidDigest* tunnel_parent = nullptr,
                  bool note_quote = true);
  // An ICMP error (frame `frame`, time `ts`) quoting a flow of this table whose packet went to
  // another: counted on that flow, after the timers due by `ts` fired, as process() would.
  void note_icmp_quote(const IcmpQuote& quote, std::uint64_t frame, TimeNs ts);
  // Unmatched quotes go to `misses` (null: counted as icmp_errors_unmatched).
  void send_quote_misses(IcmpQuoteMisses* misses);
  // A quote `misses` received from another table: counted on its flow if this table holds
  // it (true); nothing is counted otherwise.
  bool match_icmp_quote(const IcmpQuote& quote);

  // The flow `ref` names, or null once it has ended. Valid until the next non-const call.
  const Flow* flow(FlowRef ref) const;
  // The uid the flow will be logged under (this table's seed).
  UidDigest uid_digest(const Flow& flow) const;
  // Tunnels: the flow's payload proved not to be tunnel `t` (Zeek's analyzer violation), so
  // it is not decapsulated as `t` again; or it carried a tunnel nested deeper than the
  // decoder follows, which Zeek marks with an 'X' in the history.
  void note_tunnel_violation(FlowRef ref, TunnelType t);
  void note_tunnel_too_deep(FlowRef ref);

  // Fires the timers due by `now` (live capture calls this when no packet arrives); `frame`
  // is the frame whose time it is, for ending_order().
  void advance(TimeNs now);
  void advance(TimeNs now, std::uint64_t frame);
  // Moves the network time on without firing anything: a worker of `-j N` between the frames
  // it handles; the timers now due fire at its next advance(), at the frame they belong to.
  void raise_clock(TimeNs now);
  // When the earliest timer is due (possibly a cancelled one), or INT64_MAX.
  TimeNs next_deadline() const;
  // During FlowSink::flow_ended: where in the run the flow ended.
  const FlowEndOrder& ending_order() const;
  // End of input one flow at a time: the least recently active flow's last_touch, and ending
  // it (false when none is left). flush() is these until empty.
  std::optional<std::uint64_t> oldest_touch() const;
  bool end_oldest();

  // Ends every flow still open (end of input), oldest activity first.
  void flush();

  // Visits every open flow, least recently active first, without changing anything (the
  // interim records of long-lived flows in ghostport live). `visit` must not call the table.
  void for_each_open(const std::function<void(const Flow&)>& visit) const;
  // The conn.log view of an open flow as it stands now (FlowEnd::end_of_input, its uid as
  // it will be logged); the flow goes on.
  ConnRecord snapshot(const Flow& flow) const;

  std::size_t size() const;
  const FlowTableStats& stats() const;
  // Timers the queue has room for without growing (the memory it holds; live and stale).
  std::size_t timer_capacity() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Builds the conn.log view of a flow (sizes, conn_state, history) at the time it ends;
// `tunnel_parents` are the flows that carried it (the table keeps them beside the flow).
ConnRecord make_conn_record(const Flow& flow, FlowEnd end, std::uint64_t uid_seed,
                            std::span<const UidDigest> tunnel_parents = {});

}  // namespace gp
