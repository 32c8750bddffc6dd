// What `ghostport live` says while traffic flows: a FlowSink placed in front of the analysis
// engine (AnalysisEngine's TrafficAnalyzer, which also feeds scan detection). Every finished
// flow goes to the engine first, exactly as in `analyze`; then the monitor
//   - judges the flow's conversation now (TrafficAnalyzer::judge_now) and writes a `flow`
//     event with that provisional label and its reasons;
//   - keeps each conversation's latest provisional label and, per port, the label votes
//     (the port-label rule of TrafficAnalyzer::finish), and writes `port_label` when a
//     port's label changes;
//   - writes scan detection's episode transitions as they happen (scan_started,
//     scan_updated, scan_ended: the ScanDetector's episode listener, issue 13) and keeps the
//     sources with an open episode, whose conversations are then judged as a scanner's.
// finish() takes the engine's final AnalysisResult — the same call and the same labels as
// `analyze` on a capture of the same traffic — and writes them as `final` events.
//
// Memory: per conversation the model holds (its cap bounds this too) one small record; per
// port one vote table; per active scanner one record (capped by ScanConfig::max_sources).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "annotate/label_votes.hpp"
#include "annotate/traffic_analyzer.hpp"
#include "classify/features/orientation.hpp"
#include "classify/features/traffic_model.hpp"
#include "classify/registry/port_registry.hpp"
#include "classify/scan/scan_detector.hpp"
#include "rules/label.hpp"
#include "live/event_writer.hpp"

namespace gp::live {

using rules::kLabelCount;  // rules::Label, unknown included

struct MonitorOptions {
  std::uint32_t epoch = 1;  // stamped on the final events (ghostport live --epoch)
};

struct PortFlows {
  std::uint16_t port = 0;
  std::uint8_t ip_proto = 0;
  std::uint64_t flows = 0;
};

struct ActiveScan {
  IpAddress source;
  scan::ScanType type = scan::ScanType::none;
  scan::ScanTool tool = scan::ScanTool::none;
  TimeNs started = 0;  // first probe of the source
  TimeNs last_probe = 0;
  std::uint64_t ports = 0;  // distinct ports and hosts probed, as of the episode's last event
  std::uint64_t hosts = 0;
};

struct MonitorCounters {
  std::uint64_t flows = 0;
  std::uint64_t unjudged_flows = 0;  // their conversation is over the model's cap
  std::uint64_t port_label_changes = 0;
  std::uint64_t scans_started = 0;
  std::uint64_t scans_ended = 0;
  std::uint64_t scan_chains = 0;  // scan_chain events written
  std::uint64_t interim_records = 0;
  // Announced connections judged while their control connection was open: re-voted with its
  // verdict when it ends; past kMaxAwaitingControl waiting, kept `unknown` until the final
  // events, counted here.
  std::uint64_t awaiting_control_dropped = 0;
  std::array<std::uint64_t, kLabelCount> conversations_by_label{};  // provisional, now
};

class LiveMonitor final : public FlowSink {
 public:
  static constexpr std::size_t kMaxAwaitingControl = 65536;

  LiveMonitor(FlowSink& engine, const TrafficAnalyzer& analyzer, scan::ScanDetector& detector,
              const registry::PortRegistry* registry, EventWriter& events, MonitorOptions options = {});

  void flow_ended(const Flow& flow, const ConnRecord& record) override;
  void flow_announced(const Flow& flow, const ConnRecord& now) override { engine_.flow_announced(flow, now); }
  // A long-lived flow still open: its counts so far (cumulative), the `nth` interval it has
  // lasted. Not given to the engine: the flow is judged and counted once, when it ends.
  void flow_interim(const Flow& flow, const ConnRecord& snapshot, std::uint64_t nth);

  // Ends the scan episodes quiet since `now - episode_quiet_s` (capture time).
  void tick(TimeNs now);

  // After the engine finished (scan detection, whose finish() ended every open episode,
  // then the analyzer): one `scanner` event per scanner found, one `conversation` event per conversation
  // and one `port` event per port, each marked final, and `port_label` for every port whose
  // final label differs from its last provisional one.
  void finish(const AnalysisResult& result, TimeNs now);

  const MonitorCounters& counters() const { return counters_; }
  std::vector<PortFlows> top_ports(std::size_t n) const;
  std::vector<ActiveScan> active_scans() const;

 private:
  struct PortState {
    std::uint64_t flows = 0;
    LabelTally votes;
    rules::Label label = rules::Label::unknown;
  };
  struct ConversationVerdict {
    rules::Label label = rules::Label::unknown;
    double confidence = 0.0;
    bool chain_announced = false;  // its scan_chain event was written
  };

  Event scan_fields(std::string_view event, const IpAddress& source, const scan::SourceSummary* s, TimeNs now) const;
  Event conn_event(std::string_view event, const ConnRecord& record, const Orientation& o) const;
  void on_episode(scan::EpisodeEvent event, const scan::ScanEpisode& episode);
  void vote(const ConversationKey& key, const Verdict& verdict, PortState& port, TimeNs now);
  void announce_chain(const ConversationKey& key, const ClientScanInfo& scan, TimeNs now);
  // The conversations waiting for `control` (just judged) take its verdict now.
  void settle_awaiting(const ConversationKey& control, TimeNs now);
  Event chain_event(const ScanChain& chain, TimeNs now) const;
  Event port_label_event(std::uint16_t port, std::uint8_t ip_proto, rules::Label label, rules::Label previous,
                         const PortState& state, TimeNs now) const;

  FlowSink& engine_;
  const TrafficAnalyzer& analyzer_;
  scan::ScanDetector& detector_;
  const registry::PortRegistry* registry_;
  EventWriter& events_;
  MonitorOptions options_;
  MonitorCounters counters_;
  std::unordered_map<ConversationKey, ConversationVerdict, ConversationKeyHash> conversations_;
  std::unordered_map<PortKey, PortState, PortKeyHash> ports_;
  std::unordered_map<IpAddress, ActiveScan, IpAddressHash> active_;
  // Control connection -> the announced connections judged before it ended.
  std::unordered_map<ConversationKey, std::vector<ConversationKey>, ConversationKeyHash> awaiting_control_;
  std::size_t awaiting_ = 0;
};

}  // namespace gp::live
