// Scan detection over finished flows: one engine for `ghostport scan-report` and for
// `analyze`'s scanner_noise label.
//
// Use:
//   ScanDetector d(config, &registry);       // registry optional (port standings)
//   run_capture(source, options, sink);       // sink calls d.observe(flow, record)
//   d.finish();                               // classify; then read the results:
//   d.is_scanner(addr);  d.source(addr);      // per source address
//   d.port(3255, 6);                          // per (port, IP protocol): scanner flows, busiest scanner
//   d.sources(); d.networks(); d.ports(); d.stats();
//
// What is counted: every finished flow is classified as a probe (probe.hpp): its kind
// (SYN, connect, UDP, FIN, NULL, Xmas, ACK, Maimon, ICMP echo, backscatter) and what
// answered (open / closed / unreachable / unanswered). Sessions (data after a completed
// handshake) are counted but never make a source a scanner. Per source: distinct ports
// and hosts probed (exact up to ScanConfig::exact_limit, then HyperLogLog), the same
// within tumbling windows (Zeek-style thresholds apply to the window peak), probe kinds,
// outcomes, tools (fingerprint.hpp), open services, first/last seen and a coarse timeline.
// The same state is kept per /24 (/64) for distributed scans.
// Episodes (scan_episode.hpp): each source's runs of probes, announced once it is a
// scanner, reported to a listener as they start, grow and end, and listed after finish().
// A source on a known-scanner list (the registry's, registry/known_scanners.hpp) is a
// scanner from its first probe.
//
// Memory: bounded by ScanConfig (max_sources, LRU with counted eviction; a scanner that is
// evicted keeps a finished summary, itself capped at max_sources); no per-flow storage.
// Not thread-safe; observe() must not be called after finish().
#pragma once

#include <array>
#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "capture/flow/flow.hpp"
#include "capture/flow/flow_table.hpp"
#include "classify/registry/port_registry.hpp"
#include "classify/scan/capped_set.hpp"
#include "classify/scan/fingerprint.hpp"
#include "classify/scan/port_set.hpp"
#include "classify/scan/probe.hpp"
#include "classify/scan/scan_config.hpp"
#include "classify/scan/scan_episode.hpp"
#include "classify/scan/timeline.hpp"
#include "common/distinct_counter.hpp"

namespace gp::scan {

struct SourceSummary {
  IpAddress address;            // the source, or the network address for a group
  bool is_network = false;      // a /24 or /64 group (distributed scans)
  std::uint8_t prefix_len = 0;  // for groups
  std::uint64_t members = 0;    // distinct sources in a group

  bool is_scanner = false;
  // The known-scanner list entry holding the source (registry::KnownScanner::name), "" if none.
  std::string known_scanner;
  std::string known_kind;
  ScanType type = ScanType::none;
  ScanTool tool = ScanTool::none;  // most probes fingerprinted as (none: no TCP probes)
  std::array<std::uint64_t, kScanToolCount> tool_probes{};
  ProbeKind technique = ProbeKind::other;  // most frequent probe kind
  std::array<std::uint64_t, kProbeKindCount> kinds{};
  std::array<std::uint64_t, kProbeOutcomeCount> outcomes{};
  std::string unknown_fields;  // first-segment fields of a probe no rule named
  // The source's first payload, raw (up to 64 bytes): what it sent, e.g. nmap -sV's probes.
  // Capture-controlled bytes: writers show them with escaped_bytes() / hex_bytes().
  std::string first_payload;

  std::uint64_t flows = 0;   // every flow attributed to the source
  std::uint64_t probes = 0;  // flows that were probes (kinds except session/other)
  std::uint64_t sessions = 0;
  std::uint64_t distinct_ports = 0;  // (port, transport) pairs probed
  std::uint64_t distinct_hosts = 0;
  std::uint64_t distinct_pairs = 0;  // (host, port) pairs: 1 = a retrying client
  std::uint64_t crafted_probes = 0;  // FIN/NULL/Xmas, or fingerprinted as a scanning tool
  bool counts_exact = true;          // ports_exact && hosts_exact
  bool ports_exact = true;           // false once a sketch estimates distinct_ports
  bool hosts_exact = true;           // false once a sketch estimates distinct_hosts
  std::uint32_t window_ports = 0;    // peak distinct ports within one window (capped)
  std::uint32_t window_hosts = 0;    // peak distinct hosts within one window (capped)
  TimeNs first = 0;
  TimeNs last = 0;
  double probes_per_second = 0;
  double unanswered_ratio = 0;  // probes with no answer at all / probes
  std::vector<OpenService> open_services;
  std::vector<std::uint32_t> timeline;  // probes per bucket (see Stats::bucket_width); empty: no probe
};

struct PortSummary {
  std::uint16_t port = 0;
  std::uint8_t ip_proto = 0;
  std::uint64_t probes = 0;
  std::uint64_t scanner_flows = 0;  // probe flows from sources found scanning
  std::uint64_t distinct_sources = 0;
  IpAddress busiest_scanner;  // valid when busiest_scanner_flows > 0
  std::uint64_t busiest_scanner_flows = 0;
  std::array<std::uint64_t, kProbeOutcomeCount> outcomes{};
  std::optional<registry::Standing> standing;
  // The busiest sources of this port with their probe counts (space-saving top-K).
  std::vector<std::pair<IpAddress, std::uint64_t>> top_sources;
};

// One of our hosts that answered probes as open: which of its ports, and which sources
// probes found them (the report says which of those are scanners).
struct TargetSummary {
  IpAddress address;
  std::vector<OpenService> open_ports;  // by port; standing filled when a registry was given
  std::vector<IpAddress> found_by;      // sources whose probes it answered, in order seen
  std::uint64_t found_by_more = 0;      // further sources past the cap
  std::uint64_t open_answers = 0;       // probes it answered as open
};

struct ScanStats {
  std::uint64_t flows = 0;
  std::uint64_t probes = 0;
  std::uint64_t sessions = 0;
  std::uint64_t ignored = 0;                // ICMP errors, mid-stream flows, other protocols
  std::uint64_t sources_seen = 0;           // distinct sources ever tracked
  std::uint64_t sources_evicted = 0;        // dropped from tracking by max_sources
  std::uint64_t scanners_dropped = 0;       // evicted scanners whose summary did not fit either
  std::uint64_t ports_untracked = 0;        // probes to ports beyond max_ports_tracked
  std::uint64_t port_counts_estimated = 0;  // sources whose port count is estimated: port_bitmaps spent
  std::uint64_t targets_untracked = 0;      // open answers from hosts beyond kMaxTargets
  std::uint64_t episodes = 0;               // scan episodes announced
  std::uint64_t episodes_dropped = 0;       // ended episodes not kept for episodes() (max_episodes)
  std::uint64_t scan_probes = 0;            // probes counted under an announced episode
  TimeNs first = 0;
  TimeNs last = 0;
  TimeNs timeline_origin = 0;
  TimeNs bucket_width = 0;
  std::vector<std::uint32_t> timeline;  // all probes
};

// What observe() made of a flow. `scan_probe`: a probe from a source whose scan episode is
// announced — counted under the scan; a caller may skip modelling it per port (analyze does,
// which bounds what a scanner costs there).
enum class FlowRole : std::uint8_t { ignored, session, probe, scan_probe };

class ScanDetector {
 public:
  explicit ScanDetector(ScanConfig config = {}, const registry::PortRegistry* registry = nullptr);
  ~ScanDetector();
  ScanDetector(const ScanDetector&) = delete;
  ScanDetector& operator=(const ScanDetector&) = delete;

  FlowRole observe(const Flow& flow, const ConnRecord& record) { return observe(record, flow.evidence); }
  FlowRole observe(const ConnRecord& record, const FlowEvidence& evidence);
  // Flows someone else found ignorable (classify_probe said other), counted as observe()
  // would count them: a collector merging sensors' observations, which omit them.
  void count_ignored(std::uint64_t flows);
  // Ends every episode still open (EpisodeEnd::capture_end, or quiet when the capture ran on
  // past its quiet period), then classifies.
  void finish();

  // Episode transitions go to `listener` as they happen (observe(), advance(), finish());
  // set it before the first observe(). Without one, episodes are still kept for episodes().
  void set_episode_listener(EpisodeListener listener) { listener_ = std::move(listener); }
  // Ends the episodes quiet for episode_quiet_s at capture time `now` (live: call it on a
  // timer with the capture clock; observe() also calls it as time advances).
  void advance(TimeNs now);
  // Announced episodes (ended), in announcement order; valid after finish().
  std::span<const ScanEpisode> episodes() const { return episodes_; }

  // Results (valid after finish()). Sources that probed, were judged scanners or found a
  // target's open port (one that only held sessions has no summary: source() answers null,
  // as for an untracked one), scanners first, then by probes, then address.
  std::span<const SourceSummary> sources() const { return sources_; }
  // Distributed scans only, by probes then address.
  std::span<const SourceSummary> networks() const { return networks_; }
  // By probes, descending; empty when the configuration turned port_table off.
  std::span<const PortSummary> ports() const { return ports_out_; }
  const SourceSummary* source(const IpAddress& address) const;
  bool is_scanner(const IpAddress& address) const;
  // During the run, when source() does not answer yet: the distinct ports and hosts a source
  // has probed so far, if it crossed a scan threshold (live's scan_chain events).
  struct ProbedSoFar {
    std::uint64_t ports = 0;
    std::uint64_t hosts = 0;
  };
  std::optional<ProbedSoFar> probed_so_far(const IpAddress& address) const;
  // What source() will say about a source, from what it has sent so far: after finish(),
  // source() itself; before, the summary of its state now (without the activity timeline, whose
  // clock only observe() moves), or of the scanner it was when evicted; null when it has no
  // state (never seen, or evicted as no scanner).
  std::optional<SourceSummary> summary_so_far(const IpAddress& address);
  const PortSummary* port(std::uint16_t port, std::uint8_t ip_proto) const;
  // Hosts that answered a probe as open (SYN-ACK, a UDP reply), most open ports first, then
  // by address; at most kMaxTargets hosts, kMaxTargetSources sources each.
  std::span<const TargetSummary> targets() const { return targets_out_; }
  static constexpr std::size_t kMaxTargets = 4096;
  static constexpr std::size_t kMaxTargetSources = 16;
  ScanStats stats() const {
    ScanStats s = stats_;
    s.port_counts_estimated = port_bitmaps_.refused;  // the bitmap budget counts its refusals
    return s;
  }
  const ScanConfig& config() const { return config_; }

 private:
  struct Probing;
  struct State;
  struct PortState;
  struct PendingProbe;
  State& state_for(const IpAddress& key, bool network);
  void account(State& s, const Probe& p, TimeNs t, ScanTool tool, const FirstSegment& first);
  // What one probe adds to a source's (a network's) probe state; true when that crosses a
  // threshold.
  bool add_probe(Probing& pr, const Probe& p, TimeNs t, ScanTool tool, const FirstSegment& first);
  bool may_defer(const State& s, const Probe& p) const;
  void replay_pending(State& s);
  void account_port(const Probe& p, const State& s);
  void account_target(const Probe& p);
  void note_udp_probe(Probing& s, const ConnRecord& rec);
  void account_episode(State& s, const Probe& p, TimeNs t, ScanTool tool);
  void end_episode(State& s, EpisodeEnd why);
  ScanEpisode episode_record(State& s);
  void emit(EpisodeEvent event, const ScanEpisode& episode);
  SourceSummary summarize(State& s, bool with_timeline = true);
  void judge(SourceSummary& out) const;
  void evict_one(bool network);

  ScanConfig config_;
  // Before the tables: their sources return their port bitmaps to it when destroyed.
  PortBitmapBudget port_bitmaps_;
  std::unique_ptr<Probing> no_probes_;  // what summarize() reads for a source without probes
  std::unique_ptr<Probing> scratch_;    // summarize(): a one-probe source's state, rebuilt
  bool one_probe_never_flags_ = false;  // no threshold of config_ is 1 or less
  const registry::PortRegistry* registry_;
  TimelineClock clock_;
  Timeline global_timeline_;
  // Per-source and per-network state, each with its own LRU order and cap.
  struct Table;
  std::unique_ptr<Table> hosts_;
  std::unique_ptr<Table> nets_;
  // By (ip_proto << 16) | port; open addressing (a node per port was 2 % of analyze).
  absl::flat_hash_map<std::uint32_t, PortState> port_states_;
  std::vector<SourceSummary> evicted_scanners_;
  // Address -> its latest entry in evicted_scanners_, for summary_so_far() (until finish()).
  std::unordered_map<IpAddress, std::size_t, IpAddressHash> evicted_index_;
  std::vector<SourceSummary> sources_;
  std::vector<SourceSummary> networks_;
  std::vector<PortSummary> ports_out_;
  absl::flat_hash_map<IpAddress, TargetSummary, IpAddressHash> targets_;
  std::vector<TargetSummary> targets_out_;
  absl::flat_hash_map<IpAddress, std::size_t, IpAddressHash> index_;
  ScanStats stats_;
  bool finished_ = false;
  EpisodeListener listener_;
  std::list<State*> announced_;        // sources whose announced episode is still open
  std::vector<ScanEpisode> episodes_;  // ended, announced episodes (capped)
  TimeNs clock_now_ = 0;               // latest flow end seen
  TimeNs last_advance_ = 0;
};

// Adapter for run_capture: forwards every finished flow to the detector.
class ScanSink final : public FlowSink {
 public:
  explicit ScanSink(ScanDetector& detector) : detector_(detector) {}
  void flow_ended(const Flow& flow, const ConnRecord& record) override { detector_.observe(flow, record); }

 private:
  ScanDetector& detector_;
};

}  // namespace gp::scan
