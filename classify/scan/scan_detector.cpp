#include "classify/scan/scan_detector.hpp"

#include <algorithm>
#include <memory>

#include <absl/container/flat_hash_set.h>

#include "capture/decode/decoded_packet.hpp"
#include "common/ip_network.hpp"

namespace gp::scan {

namespace {

// Seconds from `from` to `to`, at least 1 (a rate's denominator). The times may come from
// another sensor's summary, so any two int64 values: the difference is taken unsigned, where
// it cannot overflow (tests/fuzz/regressions/summary/scan-span-overflow.bin).
double span_seconds(TimeNs from, TimeNs to) {
  if (to <= from) return 1.0;
  const std::uint64_t ns = static_cast<std::uint64_t>(to) - static_cast<std::uint64_t>(from);
  return std::max(1.0, static_cast<double>(ns) / 1e9);
}

std::uint32_t port_key(std::uint16_t port, std::uint8_t proto) { return (std::uint32_t{proto} << 16) | port; }

std::optional<registry::Transport> transport_of(std::uint8_t proto) {
  switch (proto) {
    case ip_proto::kTcp: return registry::Transport::tcp;
    case ip_proto::kUdp: return registry::Transport::udp;
    case 132: return registry::Transport::sctp;
    case 33: return registry::Transport::dccp;
    default: return std::nullopt;
  }
}

bool is_probe(ProbeKind k) { return k != ProbeKind::session && k != ProbeKind::other; }

constexpr TimeNs kSecondNs = 1'000'000'000;
TimeNs seconds_ns(double s) { return static_cast<TimeNs>(s * 1e9); }

// Counts a probe that answered open into a capped list of (port, transport) services.
void add_open(std::vector<OpenService>& open, const Probe& p, std::uint32_t cap) {
  if (p.outcome != ProbeOutcome::open || p.kind == ProbeKind::ack || p.kind == ProbeKind::icmp_echo) return;
  auto it = std::find_if(open.begin(), open.end(),
                         [&](const OpenService& o) { return o.port == p.port && o.ip_proto == p.ip_proto; });
  if (it != open.end()) ++it->hosts;
  else if (open.size() < cap) open.push_back(OpenService{p.port, p.ip_proto, 1, {}});
}

// Scanners first, then by probes; ties by address, so that the order is the traffic's, not
// the hash table's.
bool in_report_order(const SourceSummary& a, const SourceSummary& b) {
  if (a.is_scanner != b.is_scanner) return a.is_scanner;
  if (a.probes != b.probes) return a.probes > b.probes;
  return a.address < b.address;
}

}  // namespace

// The source's current run of probes (scan_episode.hpp); its counters start empty at each run.
// Tools a packet fingerprint names (not "none" / "unknown" / backscatter): a change between
// two of them is a new scan. kToolRunMin probes make a run, so one odd packet splits nothing.
static bool fingerprinted(ScanTool t) {
  return t == ScanTool::nmap || t == ScanTool::masscan || t == ScanTool::zmap || t == ScanTool::hping3 ||
         t == ScanTool::mirai;
}
constexpr std::uint64_t kToolRunMin = 3;
constexpr std::uint64_t kUdpScanMin = 10;  // UDP probes before their shape names nmap -sU

struct EpisodeState {
  EpisodeState(const ScanConfig& c, PortBitmapBudget* budget)
      : ports(c.exact_limit, c.hll_precision, budget), hosts(c.exact_limit, c.hll_precision) {}
  bool active = false;     // a probe was seen and the run has not ended
  bool announced = false;  // the source is a scanner: scan_started was emitted
  std::uint32_t run = 0;
  std::uint64_t id = 0;
  TimeNs start = 0, last = 0, last_event = 0;
  std::uint64_t probes = 0;
  std::array<std::uint64_t, kProbeOutcomeCount> outcomes{};
  std::array<std::uint64_t, kScanToolCount> tools{};  // probes per fingerprint in this run
  bool tool_split = false;               // this run began or ended at a change of tool: its own tool names it
  ScanTool other_tool = ScanTool::none;  // another tool's fingerprint seen in a row …
  std::uint64_t other_tool_run = 0;      // … this many times
  PortSet ports;
  DistinctCounter hosts;
  std::vector<OpenService> open;
};

// The fingerprinting tool most of the episode's probes carry (ties: the earlier in the
// enum); none when no probe carried one.
static ScanTool episode_tool(const EpisodeState& e) {
  ScanTool best = ScanTool::none;
  std::uint64_t most = 0;
  for (std::size_t i = 0; i < e.tools.size(); ++i) {
    if (fingerprinted(static_cast<ScanTool>(i)) && e.tools[i] > most) {
      best = static_cast<ScanTool>(i);
      most = e.tools[i];
    }
  }
  return best;
}

// What a source's (a network's) probes add up to. Made at its first probe: on a busy link
// most sources only hold sessions (166,000 of 195,000 in the scan-heavy benchmark capture),
// and those cost the State alone.
struct ScanDetector::Probing {
  Probing(const ScanConfig& c, PortBitmapBudget* budget)
      : ports(c.exact_limit, c.hll_precision, budget),
        hosts(c.exact_limit, c.hll_precision),
        pairs(c.exact_limit, c.hll_precision),
        win_ports(c.ports_threshold),
        win_hosts(c.hosts_threshold) {}

  PortSet ports;
  DistinctCounter hosts, pairs;
  CappedSet win_ports, win_hosts;
  TimeNs win_start = 0;
  bool win_started = false;
  std::uint32_t peak_ports = 0;
  std::uint32_t peak_hosts = 0;
  std::array<std::uint64_t, kProbeKindCount> kinds{};
  std::array<std::uint64_t, kProbeOutcomeCount> outcomes{};
  std::array<std::uint64_t, kScanToolCount> tools{};
  std::uint64_t crafted = 0;
  std::uint64_t connect_rst = 0;  // connects the prober closed with RST straight after the handshake
  // UDP probes (nmap -sU evidence): how many were empty, and the source ports most used.
  std::uint64_t udp_probes = 0, udp_empty = 0;
  std::array<std::pair<std::uint16_t, std::uint64_t>, 4> udp_sports{};
  std::string unknown_fields;
  std::vector<OpenService> open;
  Timeline timeline;
};

// A source's (a network's) first probe, kept as it came until a second one: most sources on
// an Internet-facing link, and every source of a spoofed flood, send one probe, and a
// Probing and an episode (about 1 KiB) for each held most of the scan detector's memory.
// Only probes that cannot flag the source on their own are kept so (may_defer); replaying
// one into fresh state gives what accounting it at once gave.
struct ScanDetector::PendingProbe {
  IpAddress target;
  TimeNs t = 0;
  std::uint16_t port = 0;
  std::uint8_t ip_proto = 0;
  ProbeKind kind = ProbeKind::other;
  ProbeOutcome outcome = ProbeOutcome::none;
  ScanTool tool = ScanTool::none;
  bool present = false;
  FirstSegment first;  // described when no fingerprint names its tool (unknown_fields)

  Probe probe(const IpAddress& source) const { return Probe{kind, outcome, source, target, port, ip_proto}; }
};

struct ScanDetector::State {
  State(const ScanConfig& c, const IpAddress& k, bool net)
      : key(k), network(net), members(c.exact_limit, c.hll_precision) {}

  IpAddress key;
  bool network;
  bool flagged = false;             // crossed a threshold (live view, used for port attribution)
  bool has_scanner_member = false;  // networks: a member is a scanner on its own
  DistinctCounter members;          // networks: the sources seen in it
  std::string first_payload;
  std::uint64_t flows = 0, probes = 0, sessions = 0;
  TimeNs first = 0, last = 0;
  State* newer = nullptr;  // the table's LRU order, linked through the states themselves
  State* older = nullptr;
  const registry::KnownScanner* known = nullptr;  // sources on a known-scanner list
  PendingProbe pending;                           // the first probe, until a second (or none)
  std::unique_ptr<Probing> probing;               // from the first probe not kept pending
  // Sources only, from their first probe (a network has no episodes).
  std::unique_ptr<EpisodeState> episode;
  std::list<State*>::iterator announced;  // valid while episode->announced
};

struct ScanDetector::PortState {
  std::uint64_t probes = 0;
  std::uint64_t flagged_other = 0;  // flows from sources beyond the exact list, already flagged
  std::array<std::uint64_t, kProbeOutcomeCount> outcomes{};
  DistinctCounter sources;
  std::vector<std::pair<IpAddress, std::uint64_t>> exact;  // first `port_top_sources` sources
  explicit PortState(const ScanConfig& c) : sources(c.exact_limit, c.hll_precision) {}
};

struct ScanDetector::Table {
  // Open addressing over pointers: a lookup per flow (source and network) probes one array
  // instead of chasing a node; the states themselves never move (the LRU order links them).
  absl::flat_hash_map<IpAddress, std::unique_ptr<State>, IpAddressHash> map;
  State* newest = nullptr;  // most recently active
  State* oldest = nullptr;

  void unlink(State& s) {
    (s.newer != nullptr ? s.newer->older : newest) = s.older;
    (s.older != nullptr ? s.older->newer : oldest) = s.newer;
    s.newer = s.older = nullptr;
  }
  void make_newest(State& s) {
    s.older = newest;
    s.newer = nullptr;
    (newest != nullptr ? newest->newer : oldest) = &s;
    newest = &s;
  }
  void clear() {
    map.clear();
    newest = oldest = nullptr;
  }
};

ScanDetector::ScanDetector(ScanConfig config, const registry::PortRegistry* registry)
    : config_(config),
      port_bitmaps_{config_.port_bitmaps, 0},
      no_probes_(std::make_unique<Probing>(config_, &port_bitmaps_)),
      scratch_(std::make_unique<Probing>(config_, &port_bitmaps_)),
      one_probe_never_flags_(config_.ports_threshold > 1 && config_.hosts_threshold > 1 &&
                             config_.backscatter_hosts_threshold > 1 &&
                             (config_.crafted_probes_threshold > 1 || config_.crafted_min_pairs > 1)),
      registry_(registry),
      hosts_(std::make_unique<Table>()),
      nets_(std::make_unique<Table>()) {
  clock_.buckets = std::max<std::uint32_t>(config_.timeline_buckets, 2);
}

ScanDetector::~ScanDetector() = default;

ScanDetector::State& ScanDetector::state_for(const IpAddress& key, bool network) {
  Table& t = network ? *nets_ : *hosts_;
  auto it = t.map.find(key);
  if (it != t.map.end()) {
    State& found = *it->second;
    if (t.newest != &found) {
      t.unlink(found);
      t.make_newest(found);
    }
    return found;
  }
  if (t.map.size() >= std::max<std::uint32_t>(config_.max_sources, 1)) evict_one(network);
  auto state = std::make_unique<State>(config_, key, network);
  State& ref = *state;
  t.make_newest(ref);
  t.map.emplace(key, std::move(state));
  if (!network) {
    ++stats_.sources_seen;
    if (registry_ != nullptr) ref.known = registry_->known_scanner(key);
  }
  return ref;
}

void ScanDetector::evict_one(bool network) {
  Table& t = network ? *nets_ : *hosts_;
  if (t.oldest == nullptr) return;
  State* victim = t.oldest;
  t.unlink(*victim);
  if (!network) {
    ++stats_.sources_evicted;
    end_episode(*victim, EpisodeEnd::evicted);
    SourceSummary s = summarize(*victim);
    if (s.is_scanner) {
      if (evicted_scanners_.size() < config_.max_sources) {
        evicted_index_.insert_or_assign(s.address, evicted_scanners_.size());
        evicted_scanners_.push_back(std::move(s));
      } else ++stats_.scanners_dropped;
    }
  }
  const IpAddress key = victim->key;  // erasing destroys the state that holds it
  t.map.erase(key);
}

void ScanDetector::account(State& s, const Probe& p, TimeNs t, ScanTool tool, const FirstSegment& first) {
  ++s.flows;
  if (s.flows == 1) s.first = t;
  s.first = std::min(s.first, t);
  s.last = std::max(s.last, t);
  if (s.network) s.members.add(p.source.hash());
  if (p.kind == ProbeKind::session) {
    ++s.sessions;
    return;
  }
  ++s.probes;
  if (!s.probing) {
    if (s.probes == 1 && may_defer(s, p)) {
      s.pending = PendingProbe{p.target, t, p.port, p.ip_proto, p.kind, p.outcome, tool, true, first};
      return;
    }
    s.probing = std::make_unique<Probing>(config_, &port_bitmaps_);
    if (s.pending.present) replay_pending(s);
  }
  s.flagged = add_probe(*s.probing, p, t, tool, first) || s.flagged;
  // A source on a known-scanner list is a scanner whatever it did so far.
  s.flagged = s.flagged || s.known != nullptr;
}

bool ScanDetector::may_defer(const State& s, const Probe& p) const {
  // Not: a listed source (flagged at once), UDP and connect probes (observe() counts more of
  // those in the probe state).
  return one_probe_never_flags_ && s.known == nullptr && p.kind != ProbeKind::udp && p.kind != ProbeKind::connect;
}

// The pending first probe into the source's new probe state, and into a new episode for a
// source (at the second probe, before it is counted).
void ScanDetector::replay_pending(State& s) {
  const PendingProbe first = s.pending;
  s.pending.present = false;
  const Probe p = first.probe(s.key);
  s.flagged = add_probe(*s.probing, p, first.t, first.tool, first.first) || s.flagged;
  if (!s.network) account_episode(s, p, first.t, first.tool);
}

bool ScanDetector::add_probe(Probing& pr, const Probe& p, TimeNs t, ScanTool tool, const FirstSegment& first) {
  ++pr.kinds[static_cast<std::size_t>(p.kind)];
  ++pr.outcomes[static_cast<std::size_t>(p.outcome)];
  ++pr.tools[static_cast<std::size_t>(tool)];
  const bool stealth = p.kind == ProbeKind::fin || p.kind == ProbeKind::null_scan || p.kind == ProbeKind::xmas;
  const bool tool_made = tool == ScanTool::nmap || tool == ScanTool::masscan || tool == ScanTool::zmap ||
                         tool == ScanTool::mirai || tool == ScanTool::hping3;
  if (stealth || tool_made) ++pr.crafted;
  if (tool == ScanTool::unknown && pr.unknown_fields.empty()) pr.unknown_fields = describe_segment(first);
  const std::uint64_t host = p.target.hash();
  const std::uint32_t port = port_key(p.port, p.ip_proto);
  if (p.kind != ProbeKind::icmp_echo) pr.ports.add(port);
  pr.hosts.add(host);
  pr.pairs.add(mix64(host ^ port));

  // Tumbling windows, as Zeek's SumStats epochs: thresholds apply to one window's counts.
  const auto window = static_cast<TimeNs>(config_.window_s * 1e9);
  if (!pr.win_started || t >= pr.win_start + window) {
    pr.win_started = true;
    pr.win_start = t;
    pr.win_ports.clear();
    pr.win_hosts.clear();
  }
  if (p.kind != ProbeKind::icmp_echo) pr.win_ports.add(port);
  pr.win_hosts.add(host);
  pr.peak_ports = std::max(pr.peak_ports, pr.win_ports.size());
  pr.peak_hosts = std::max(pr.peak_hosts, pr.win_hosts.size());
  add_open(pr.open, p, config_.max_open_services);
  pr.timeline.add(clock_, t);
  return pr.peak_ports >= config_.ports_threshold || pr.peak_hosts >= config_.hosts_threshold ||
         (p.kind == ProbeKind::backscatter && pr.hosts.count() >= config_.backscatter_hosts_threshold) ||
         (pr.crafted >= config_.crafted_probes_threshold && pr.pairs.count() >= config_.crafted_min_pairs);
}

void ScanDetector::account_port(const Probe& p, const State& s) {
  if (!config_.port_table || p.kind == ProbeKind::icmp_echo || p.kind == ProbeKind::session) return;
  const std::uint32_t key = port_key(p.port, p.ip_proto);
  auto it = port_states_.find(key);
  if (it == port_states_.end()) {
    if (port_states_.size() >= config_.max_ports_tracked) {
      ++stats_.ports_untracked;
      return;
    }
    it = port_states_.try_emplace(key, config_).first;
  }
  PortState& ps = it->second;
  ++ps.probes;
  ++ps.outcomes[static_cast<std::size_t>(p.outcome)];
  ps.sources.add(p.source.hash());
  auto e = std::find_if(ps.exact.begin(), ps.exact.end(), [&](const auto& x) { return x.first == p.source; });
  if (e != ps.exact.end()) ++e->second;
  else if (ps.exact.size() < config_.port_top_sources) ps.exact.emplace_back(p.source, 1);
  else if (s.flagged) ++ps.flagged_other;
}

void ScanDetector::note_udp_probe(Probing& s, const ConnRecord& rec) {
  ++s.udp_probes;
  if (rec.orig_bytes == 0) ++s.udp_empty;
  for (auto& [port, n] : s.udp_sports) {
    if (n > 0 && port == rec.orig_p) {
      ++n;
      return;
    }
  }
  for (auto& [port, n] : s.udp_sports) {
    if (n == 0) {
      port = rec.orig_p;
      n = 1;
      return;
    }
  }
}

void ScanDetector::account_target(const Probe& p) {
  // What a host offers: answers that mean "open" (ACK scans only say unfiltered, an echo
  // reply names no port, backscatter answers nobody's probe).
  if (p.outcome != ProbeOutcome::open || p.kind == ProbeKind::ack || p.kind == ProbeKind::icmp_echo ||
      p.kind == ProbeKind::backscatter || p.kind == ProbeKind::session) {
    return;
  }
  auto it = targets_.find(p.target);
  if (it == targets_.end()) {
    if (targets_.size() >= kMaxTargets) {
      ++stats_.targets_untracked;
      return;
    }
    it = targets_.try_emplace(p.target).first;
    it->second.address = p.target;
  }
  TargetSummary& t = it->second;
  ++t.open_answers;
  add_open(t.open_ports, p, config_.max_open_services);
  if (std::find(t.found_by.begin(), t.found_by.end(), p.source) != t.found_by.end()) return;
  if (t.found_by.size() < kMaxTargetSources) t.found_by.push_back(p.source);
  else ++t.found_by_more;  // may count a source twice once past the cap: marked as "more"
}

FlowRole ScanDetector::observe(const ConnRecord& rec, const FlowEvidence& evidence) {
  if (finished_) return FlowRole::ignored;
  ++stats_.flows;
  // Episodes of other sources end as capture time passes their quiet period; checked once
  // per second of capture time, not per flow.
  clock_now_ = std::max(clock_now_, rec.last);
  if (clock_now_ >= last_advance_ + kSecondNs) advance(clock_now_);
  Probe p = classify_probe(rec, evidence);
  if (p.kind == ProbeKind::other) {
    ++stats_.ignored;
    return FlowRole::ignored;
  }
  State& s = state_for(p.source, false);
  // A listed research scanner completes handshakes and grabs banners: each connection is
  // one of its probes (the port answered), not a session, so the report names it as
  // analyze does.
  if (p.kind == ProbeKind::session && s.known != nullptr) {
    p.kind = ProbeKind::connect;
    p.outcome = ProbeOutcome::open;
  }
  const TimeNs t = rec.start;
  if (stats_.flows == 1 || stats_.first == 0) stats_.first = t;
  stats_.first = std::min(stats_.first, t);
  stats_.last = std::max(stats_.last, rec.last);
  if (p.kind == ProbeKind::session) ++stats_.sessions;
  else ++stats_.probes;

  ScanTool tool = ScanTool::none;
  if (p.kind == ProbeKind::backscatter) {
    tool = ScanTool::backscatter;
  } else if (rec.ip_proto == ip_proto::kTcp && is_probe(p.kind)) {
    tool = fingerprint(evidence.first_orig_segment);
  }
  account(s, p, t, tool, evidence.first_orig_segment);
  const PayloadSample& sent = evidence.first_payload[p.source == rec.orig_h ? 0 : 1];
  if (s.first_payload.empty() && sent.size > 0) {
    s.first_payload.assign(reinterpret_cast<const char*>(sent.bytes.data()), sent.size);  // raw: writers escape
  }
  // nmap -sT closes each connection it completes with SO_LINGER 0, i.e. an RST right after
  // its ACK (history "ShAR"); ordinary clients close with FIN.
  if (p.kind == ProbeKind::connect && rec.history == "ShAR") ++s.probing->connect_rst;
  if (p.kind == ProbeKind::udp) note_udp_probe(*s.probing, rec);
  if (is_probe(p.kind)) {
    global_timeline_.add(clock_, t);
    account_port(p, s);
    account_target(p);
    account_episode(s, p, t, tool);
  }
  FlowRole role = FlowRole::session;
  if (is_probe(p.kind)) role = s.episode && s.episode->announced ? FlowRole::scan_probe : FlowRole::probe;
  if (role == FlowRole::scan_probe) ++stats_.scan_probes;
  State& n = state_for(IpNetwork::of(p.source, config_.v4_prefix, config_.v6_prefix).address(), true);
  account(n, p, t, tool, evidence.first_orig_segment);
  return role;
}

void ScanDetector::count_ignored(std::uint64_t flows) {
  if (finished_) return;
  stats_.flows += flows;
  stats_.ignored += flows;
}

void ScanDetector::account_episode(State& s, const Probe& p, TimeNs t, ScanTool tool) {
  if (s.pending.present) return;  // this probe is the pending one: replayed at the next
  if (!s.episode) s.episode = std::make_unique<EpisodeState>(config_, &port_bitmaps_);
  EpisodeState& e = *s.episode;
  if (e.active && t > e.last + seconds_ns(config_.episode_quiet_s)) end_episode(s, EpisodeEnd::quiet);
  // kToolRunMin probes in a row with another tool's fingerprint after a run of one tool's:
  // the source started another scan. The run's first probes stay with the old episode (its
  // counters cannot give them back); a stray packet that happens to match splits nothing.
  if (e.active && fingerprinted(tool)) {
    const ScanTool current = episode_tool(e);
    if (fingerprinted(current) && current != tool) {
      e.other_tool_run = e.other_tool == tool ? e.other_tool_run + 1 : 1;
      e.other_tool = tool;
      if (e.other_tool_run >= kToolRunMin && e.tools[static_cast<std::size_t>(current)] >= kToolRunMin) {
        e.tool_split = true;
        end_episode(s, EpisodeEnd::tool_changed);
        s.episode->tool_split = true;
      }
    } else {
      e.other_tool_run = 0;
    }
  }
  if (!e.active) {
    e.active = true;
    ++e.run;
    e.start = e.last = t;
  }
  e.start = std::min(e.start, t);
  e.last = std::max(e.last, t);
  ++e.probes;
  ++e.outcomes[static_cast<std::size_t>(p.outcome)];
  ++e.tools[static_cast<std::size_t>(tool)];
  const std::uint64_t host = p.target.hash();
  if (p.kind != ProbeKind::icmp_echo) e.ports.add(port_key(p.port, p.ip_proto));
  e.hosts.add(host);
  add_open(e.open, p, config_.max_open_services);
  if (!e.announced) {
    if (!s.flagged) return;
    e.announced = true;
    e.id = ++stats_.episodes;
    e.last_event = t;
    announced_.push_back(&s);
    s.announced = std::prev(announced_.end());
    if (listener_) emit(EpisodeEvent::started, episode_record(s));
  } else if (t >= e.last_event + seconds_ns(config_.episode_update_s)) {
    e.last_event = t;
    if (listener_) emit(EpisodeEvent::updated, episode_record(s));
  }
}

void ScanDetector::end_episode(State& s, EpisodeEnd why) {
  if (!s.episode || !s.episode->active) return;
  EpisodeState& e = *s.episode;
  if (e.announced) {
    ScanEpisode record = episode_record(s);
    record.end = why;
    emit(EpisodeEvent::ended, record);
    if (episodes_.size() < config_.max_episodes) episodes_.push_back(std::move(record));
    else ++stats_.episodes_dropped;
    announced_.erase(s.announced);
  }
  // The next run starts from nothing; an ended run's sketches are freed now. Rebuilt in
  // place rather than assigned a fresh one: GCC 12 misreads the move of a counter's inline
  // keys as a read of uninitialised memory.
  const std::uint32_t run = e.run;
  std::destroy_at(&e);
  std::construct_at(&e, config_, &port_bitmaps_);
  e.run = run;
}

void ScanDetector::advance(TimeNs now) {
  last_advance_ = now;
  clock_now_ = std::max(clock_now_, now);
  const TimeNs quiet = seconds_ns(config_.episode_quiet_s);
  for (auto it = announced_.begin(); it != announced_.end();) {
    State* s = *it++;  // end_episode() unlinks s
    if (now >= s->episode->last + quiet) end_episode(*s, EpisodeEnd::quiet);
  }
}

void ScanDetector::emit(EpisodeEvent event, const ScanEpisode& episode) {
  if (listener_) listener_(event, episode);
}

ScanEpisode ScanDetector::episode_record(State& s) {
  const EpisodeState& e = *s.episode;
  ScanEpisode r;
  r.id = e.id;
  r.source = s.key;
  r.run = e.run;
  r.start = e.start;
  r.last = e.last;
  r.probes = e.probes;
  r.distinct_ports = e.ports.count();
  r.distinct_hosts = e.hosts.count();
  r.ports_exact = e.ports.exact();
  r.hosts_exact = e.hosts.exact();
  r.counts_exact = r.ports_exact && r.hosts_exact;
  r.probes_per_second = static_cast<double>(e.probes) / span_seconds(e.start, e.last);
  r.outcomes = e.outcomes;
  r.open_services = e.open;
  if (registry_ != nullptr) {
    for (auto& svc : r.open_services) {
      if (const auto tr = transport_of(svc.ip_proto)) svc.standing = registry_->standing(svc.port, *tr);
    }
  }
  const SourceSummary sum = summarize(s);
  r.type = sum.type;
  // A source's one run is named as the source is (that judgement also credits nmap -sT's
  // unfingerprinted SYNs); runs split at a change of tool are named by their own probes.
  r.tool = e.tool_split && fingerprinted(episode_tool(e)) ? episode_tool(e) : sum.tool;
  r.technique = sum.technique;
  r.known_scanner = sum.known_scanner;
  r.known_kind = sum.known_kind;
  r.benign_research = s.known != nullptr;
  return r;
}

void ScanDetector::judge(SourceSummary& o) const {
  const bool many_ports = o.window_ports >= config_.ports_threshold;
  const bool many_hosts = o.window_hosts >= config_.hosts_threshold;
  const auto backscatter = o.kinds[static_cast<std::size_t>(ProbeKind::backscatter)];
  if (backscatter * 2 > o.probes && o.distinct_hosts >= config_.backscatter_hosts_threshold) {
    o.type = ScanType::backscatter;
  } else if (many_ports && many_hosts) {
    o.type = ScanType::block;
  } else if (many_ports) {
    o.type = ScanType::vertical;
  } else if (many_hosts) {
    o.type = ScanType::horizontal;
  } else if ((o.crafted_probes >= config_.crafted_probes_threshold && o.distinct_pairs >= config_.crafted_min_pairs) ||
             (!o.known_scanner.empty() && o.probes > 0)) {
    o.type = o.distinct_ports >= o.distinct_hosts ? ScanType::vertical : ScanType::horizontal;
  }
  o.is_scanner = o.type != ScanType::none;
}

SourceSummary ScanDetector::summarize(State& s, bool with_timeline) {
  // A source that only held sessions reads as one with no probe; one whose one probe is
  // pending, as its probe state would read (rebuilt in the scratch state).
  const bool pending = !s.probing && s.pending.present;
  if (pending) {
    std::destroy_at(scratch_.get());
    std::construct_at(scratch_.get(), config_, &port_bitmaps_);
    add_probe(*scratch_, s.pending.probe(s.key), s.pending.t, s.pending.tool, s.pending.first);
  }
  Probing& pr = s.probing ? *s.probing : pending ? *scratch_ : *no_probes_;
  SourceSummary o;
  o.address = s.key;
  o.is_network = s.network;
  o.prefix_len = s.network ? (s.key.is_v4() ? config_.v4_prefix : config_.v6_prefix) : 0;
  o.members = s.members.count();
  if (s.known != nullptr) {
    o.known_scanner = s.known->name;
    o.known_kind = std::string(registry::to_string(s.known->kind));
  }
  o.kinds = pr.kinds;
  o.outcomes = pr.outcomes;
  o.tool_probes = pr.tools;
  o.unknown_fields = pr.unknown_fields;
  o.first_payload = s.first_payload;
  o.flows = s.flows;
  o.probes = s.probes;
  o.sessions = s.sessions;
  o.distinct_ports = pr.ports.count();
  o.distinct_hosts = pr.hosts.count();
  o.distinct_pairs = pr.pairs.count();
  o.crafted_probes = pr.crafted;
  o.ports_exact = pr.ports.exact();
  o.hosts_exact = pr.hosts.exact();
  o.counts_exact = o.ports_exact && o.hosts_exact;
  o.window_ports = pr.peak_ports;
  o.window_hosts = pr.peak_hosts;
  o.first = s.first;
  o.last = s.last;
  o.probes_per_second = static_cast<double>(s.probes) / span_seconds(s.first, s.last);
  const auto unanswered = pr.outcomes[static_cast<std::size_t>(ProbeOutcome::unanswered)];
  const auto answerable = s.probes - pr.kinds[static_cast<std::size_t>(ProbeKind::backscatter)];
  o.unanswered_ratio = answerable > 0 ? static_cast<double>(unanswered) / static_cast<double>(answerable) : 0.0;
  o.open_services = pr.open;
  if (registry_ != nullptr) {
    for (auto& svc : o.open_services) {
      if (const auto tr = transport_of(svc.ip_proto)) svc.standing = registry_->standing(svc.port, *tr);
    }
  }
  // Only scanners' timelines are reported; a summary is kept for each of max_sources sources,
  // most of which never probed.
  if (with_timeline && (s.probing || pending)) o.timeline = pr.timeline.counts(clock_);
  std::size_t best_kind = 0;
  for (std::size_t k = 0; k < kProbeKindCount; ++k) {
    if (o.kinds[k] > o.kinds[best_kind]) best_kind = k;
  }
  o.technique = o.probes > 0 ? static_cast<ProbeKind>(best_kind) : ProbeKind::other;
  judge(o);
  // nmap -sU: raw UDP probes, empty except to the ports nmap-payloads knows, sent from one
  // source port per round (a retry round takes another). An application's datagrams carry
  // payload; a client's source ports vary.
  auto& unfingerprinted = o.tool_probes[static_cast<std::size_t>(ScanTool::none)];
  std::uint64_t top_sport = 0;
  for (const auto& [port, n] : pr.udp_sports) top_sport = std::max(top_sport, n);
  if (o.is_scanner && pr.udp_probes >= kUdpScanMin && top_sport * 2 >= pr.udp_probes &&
      pr.udp_empty * 2 >= pr.udp_probes) {
    const std::uint64_t moved = std::min(unfingerprinted, pr.udp_probes);
    o.tool_probes[static_cast<std::size_t>(ScanTool::nmap)] += moved;
    unfingerprinted -= moved;
  }
  // nmap -sT: its SYNs are the kernel's (no fingerprint), but it closes completed
  // connections with an immediate RST; credit the unfingerprinted probes to nmap.
  auto& unknown = o.tool_probes[static_cast<std::size_t>(ScanTool::unknown)];
  const auto connects = o.kinds[static_cast<std::size_t>(ProbeKind::connect)];
  if (o.is_scanner && unknown > 0 && pr.connect_rst > 0 && pr.connect_rst * 2 >= connects) {
    o.tool_probes[static_cast<std::size_t>(ScanTool::nmap)] += unknown;
    unknown = 0;
  }
  std::size_t best_tool = 0;
  for (std::size_t k = 1; k < kScanToolCount; ++k) {
    if (o.tool_probes[k] > o.tool_probes[best_tool] || best_tool == 0) {
      if (o.tool_probes[k] > 0) best_tool = k;
    }
  }
  o.tool = static_cast<ScanTool>(best_tool);
  if (o.is_scanner && o.tool == ScanTool::none) o.tool = ScanTool::unknown;
  return o;
}

void ScanDetector::finish() {
  if (finished_) return;
  // Open episodes end here: quiet when the capture ran on past their quiet period (no flow
  // came to advance the clock in between), else cut by the end of the capture.
  const TimeNs quiet = seconds_ns(config_.episode_quiet_s);
  while (!announced_.empty()) {
    State& s = *announced_.front();
    end_episode(
        s, std::max(clock_now_, stats_.last) >= s.episode->last + quiet ? EpisodeEnd::quiet : EpisodeEnd::capture_end);
  }
  std::sort(episodes_.begin(), episodes_.end(), [](const ScanEpisode& a, const ScanEpisode& b) { return a.id < b.id; });
  finished_ = true;
  sources_ = std::move(evicted_scanners_);
  evicted_index_ = {};
  // Only sources that probed, were judged scanners or found a target's open port keep a
  // summary: the others (most sources of a busy link: clients that only held sessions) read
  // as an untracked source does to every reader of source() and sources(), and their
  // summaries were the largest item of analyze's end-of-input peak. A finder can hold only
  // sessions now (evicted after its probes, then seen again); the report still names it.
  absl::flat_hash_set<IpAddress, IpAddressHash> finders;
  for (const auto& [address, t] : targets_) finders.insert(t.found_by.begin(), t.found_by.end());
  // Sized once: tens of thousands of summaries, each moved at every doubling and its pages
  // zeroed afresh, were 1.6 % of analyze on the scan-heavy profile.
  std::size_t probing = 0;
  for (const auto& [key, state] : hosts_->map) probing += state->probing || state->pending.present ? 1U : 0U;
  sources_.reserve(sources_.size() + probing);
  for (auto& [key, state] : hosts_->map) {
    SourceSummary summary = summarize(*state);
    if (summary.probes > 0 || summary.is_scanner || finders.contains(key)) sources_.push_back(std::move(summary));
  }
  finders = {};
  // Stable: a scanner evicted and seen again can have two equal summaries; the evicted one
  // stays first.
  std::stable_sort(sources_.begin(), sources_.end(), in_report_order);
  for (std::size_t i = 0; i < sources_.size(); ++i) index_.emplace(sources_[i].address, i);

  // Distributed scans: a group that qualifies although none of its members does alone.
  for (const auto& s : sources_) {
    if (!s.is_scanner) continue;
    auto it = nets_->map.find(IpNetwork::of(s.address, config_.v4_prefix, config_.v6_prefix).address());
    if (it != nets_->map.end()) it->second->has_scanner_member = true;
  }
  for (auto& [key, state] : nets_->map) {
    if (state->has_scanner_member || state->members.count() < 2) continue;
    SourceSummary n = summarize(*state);
    if (n.is_scanner) networks_.push_back(std::move(n));
  }
  std::sort(networks_.begin(), networks_.end(), in_report_order);

  ports_out_.reserve(port_states_.size());
  for (auto& [key, ps] : port_states_) {
    PortSummary o;
    o.port = static_cast<std::uint16_t>(key & 0xffffU);
    o.ip_proto = static_cast<std::uint8_t>(key >> 16);
    o.probes = ps.probes;
    o.outcomes = ps.outcomes;
    o.distinct_sources = ps.sources.count();
    o.scanner_flows = ps.flagged_other;
    for (const auto& [addr, n] : ps.exact) {
      if (!is_scanner(addr)) continue;
      o.scanner_flows += n;
      // Ties to the lower address: arrival order differs between one capture and a merge.
      if (n > o.busiest_scanner_flows || (n == o.busiest_scanner_flows && n > 0 && addr < o.busiest_scanner)) {
        o.busiest_scanner_flows = n;
        o.busiest_scanner = addr;
      }
    }
    o.top_sources = std::move(ps.exact);
    std::sort(o.top_sources.begin(), o.top_sources.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (registry_ != nullptr) {
      if (const auto tr = transport_of(o.ip_proto)) o.standing = registry_->standing(o.port, *tr);
    }
    ports_out_.push_back(std::move(o));
  }
  port_states_ = {};  // freed before anything else is built
  std::sort(ports_out_.begin(), ports_out_.end(), [](const PortSummary& a, const PortSummary& b) {
    if (a.probes != b.probes) return a.probes > b.probes;
    return std::pair(a.ip_proto, a.port) < std::pair(b.ip_proto, b.port);
  });
  targets_out_.reserve(targets_.size());
  for (auto& [address, t] : targets_) {
    std::sort(t.open_ports.begin(), t.open_ports.end(), [](const OpenService& a, const OpenService& b) {
      return std::pair(a.ip_proto, a.port) < std::pair(b.ip_proto, b.port);
    });
    if (registry_ != nullptr) {
      for (auto& svc : t.open_ports) {
        if (const auto tr = transport_of(svc.ip_proto)) svc.standing = registry_->standing(svc.port, *tr);
      }
    }
    targets_out_.push_back(std::move(t));
  }
  targets_ = {};
  std::sort(targets_out_.begin(), targets_out_.end(), [](const TargetSummary& a, const TargetSummary& b) {
    if (a.open_ports.size() != b.open_ports.size()) return a.open_ports.size() > b.open_ports.size();
    return a.address < b.address;
  });
  stats_.timeline_origin = clock_.origin;
  stats_.bucket_width = clock_.width();
  stats_.timeline = global_timeline_.counts(clock_);
  // The per-source state is no longer needed: the summaries hold everything reported.
  hosts_->clear();
  nets_->clear();
}

const SourceSummary* ScanDetector::source(const IpAddress& address) const {
  const auto it = index_.find(address);
  return it == index_.end() ? nullptr : &sources_[it->second];
}

std::optional<ScanDetector::ProbedSoFar> ScanDetector::probed_so_far(const IpAddress& address) const {
  const auto it = hosts_->map.find(address);
  if (it == hosts_->map.end() || !it->second->flagged || !it->second->probing) return std::nullopt;
  const Probing& pr = *it->second->probing;
  return ProbedSoFar{pr.ports.count(), pr.hosts.count()};
}

std::optional<SourceSummary> ScanDetector::summary_so_far(const IpAddress& address) {
  if (finished_) {
    const SourceSummary* s = source(address);
    return s == nullptr ? std::nullopt : std::optional<SourceSummary>(*s);
  }
  std::optional<SourceSummary> now;
  if (const auto it = hosts_->map.find(address); it != hosts_->map.end()) now = summarize(*it->second, false);
  // A scanner evicted and seen again has two summaries; finish() lists the one report order
  // puts first (the evicted one on a tie), and source() answers with it.
  if (const auto it = evicted_index_.find(address); it != evicted_index_.end()) {
    const SourceSummary& evicted = evicted_scanners_[it->second];
    if (!now || !in_report_order(*now, evicted)) return evicted;
  }
  return now;
}

bool ScanDetector::is_scanner(const IpAddress& address) const {
  const SourceSummary* s = source(address);
  return s != nullptr && s->is_scanner;
}

const PortSummary* ScanDetector::port(std::uint16_t port, std::uint8_t ip_proto) const {
  for (const auto& p : ports_out_) {
    if (p.port == port && p.ip_proto == ip_proto) return &p;
  }
  return nullptr;
}

}  // namespace gp::scan
