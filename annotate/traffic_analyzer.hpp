// The annotation engine behind `analyze` (and later `live`): a FlowSink that feeds every
// finished flow to the traffic model and to scan detection, then, at the end, computes each
// conversation's features, asks the rules for a verdict, and rolls verdicts up per port.
// Memory is bounded by the model's and the detectors' caps, not by the input.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "annotate/expected_connections.hpp"
#include "annotate/port_rollup.hpp"
#include "annotate/results.hpp"
#include "capture/flow/flow_table.hpp"
#include "classify/features/conversation_features.hpp"
#include "classify/features/traffic_model.hpp"
#include "rules/scoring.hpp"

namespace gp {

// Judges one conversation from its features (the rule set behind it is the caller's).
class VerdictEngine {
 public:
  virtual ~VerdictEngine() = default;
  virtual Verdict judge(const FeatureValues& features) const = 0;
  // Flow rules: whether there are any, which fire on one finished flow (appended to `hits`
  // unless already there), and a verdict that counts them with the group's own rules.
  virtual bool has_flow_rules() const { return false; }
  virtual void match_flow(const FeatureValues& /*flow*/, std::vector<rules::FlowRuleHit>& /*hits*/) const {}
  virtual Verdict judge(const FeatureValues& features, std::span<const rules::FlowRuleHit> /*flow_hits*/) const {
    return judge(features);
  }
};

// Protocol of a first payload (one side), as an index into protocol_vocabulary().
using ProtocolIdentifier =
    std::function<std::uint8_t(const PayloadSample& payload, bool from_client, std::uint8_t ip_proto)>;
// What scan detection says about a source; the default says "not a scanner".
using ScanInfoProvider = std::function<ClientScanInfo(const IpAddress& client)>;
// Sees every flow too (scan detection); called before the model.
using FlowObserverFn = std::function<void(const Flow&, const ConnRecord&)>;
// Receives one conversation's result (AnalyzerOptions::on_judged).
using ConversationCallback = std::function<void(const ConversationResult&)>;

struct AnalyzerOptions {
  TrafficModelConfig model;
  const registry::PortRegistry* registry = nullptr;
  InternalNetworks internal = InternalNetworks::defaults();
  ProtocolIdentifier identify;
  StandardPortFn standard_port = nullptr;
  ScanInfoProvider scan_info;
  FlowObserverFn observe_flow;
  // Whose feature values to keep, rendered, for --explain (null: nobody). Rendering every
  // conversation's would cost kilobytes each on a capture with many.
  std::function<bool(std::uint16_t port, std::uint8_t ip_proto)> keep_features_for;
  // finish() judges the conversations on this many threads (the result is the same).
  unsigned judge_threads = 1;
  // finish() keeps every conversation's result (outputs that list conversations, --explain,
  // annotations, live's monitor). Without, it rolls each port up as its conversations are
  // judged and keeps none: the end of a run then costs memory per port, not per conversation.
  bool keep_conversations = true;
  // With keep_conversations: the ports whose conversations are kept (null: every port's).
  // --explain keeps its port's alone: keeping every result of 8 M scan-heavy packets took
  // 4.5 GB for one port's page.
  std::function<bool(std::uint16_t port, std::uint8_t ip_proto)> keep_conversations_of;
  // When the model's conversation table is full, the quietest eighth of it is judged there and
  // then (scan information from scan_info_now), rolled up into its ports and forgotten, so
  // every flow is judged; without, flows of new conversations are counted and left unjudged
  // (a sensor's summary must keep what it has to send; live starts a new epoch).
  bool judge_when_full = true;
  // What scan detection says about a source while the input is still being read (for those
  // early verdicts); unset: scan_info.
  ScanInfoProvider scan_info_now;
  // Each conversation's final result as soon as it is judged: the batches judged early, then
  // finish()'s in key order. Outputs that list conversations (but the table) write them from
  // here instead of keeping them (keep_conversations false): memory per port, not per
  // conversation.
  ConversationCallback on_judged;
};

// The flow rules that fired, per conversation (only conversations some rule fired on).
using FlowHits = std::unordered_map<ConversationKey, std::vector<rules::FlowRuleHit>, ConversationKeyHash>;

class TrafficAnalyzer final : public FlowSink {
 public:
  TrafficAnalyzer(AnalyzerOptions options, const VerdictEngine& engine);

  void flow_ended(const Flow& flow, const ConnRecord& record) override;
  // An open control flow's announcements so far, for judge_now (finish() needs only its end).
  void flow_announced(const Flow& flow, const ConnRecord& now) override;

  // Runs the rules over every conversation and rolls the verdicts up per port. `scans` are the
  // finished scan episodes (for PortResult::scan_only); the result's `scans` is the caller's.
  AnalysisResult finish(std::span<const scan::ScanEpisode> scans = {}) const;
  // One conversation's result: its features computed, the rules asked (`scan` says what scan
  // detection knows of its client; by default options.scan_info's answer).
  ConversationResult judge(const ConversationKey& key, const ConversationStats& stats,
                           const FeatureContext& context) const;
  ConversationResult judge(const ConversationKey& key, const ConversationStats& stats, const FeatureContext& context,
                           const ClientScanInfo& scan) const;
  // Conversations judged before the end because the model was full (judge_when_full).
  std::uint64_t judged_before_end() const { return judged_before_end_; }

  // Live view (ghostport live): one conversation judged now, from the model as it stands
  // and the scan information given (scan detection has not finished); nullopt when the
  // model does not hold the conversation (over its cap). finish() still gives the final
  // labels. A connection announced by a control connection not judged yet (still open) is
  // `unknown` with a reason saying so, and `awaiting_control` names that connection. Defined
  // in traffic_analyzer_live.cpp.
  std::optional<Verdict> judge_now(const ConversationKey& key, const ClientScanInfo& scan,
                                   std::optional<ConversationKey>* awaiting_control = nullptr) const;

  const ExpectedConnections& expected() const { return expected_; }

  const TrafficModel& model() const { return model_; }
  // The flow rules that fired on a conversation's flows so far (none: empty).
  std::span<const rules::FlowRuleHit> flow_hits(const ConversationKey& key) const;
  const FlowHits& all_flow_hits() const { return flow_hits_; }

  // Another analyzer's model and flow rule hits (a sensor's summary), so that finish()
  // judges the traffic of both. Hits are kept for the conversations the merged model holds;
  // a rule that already fired on a conversation keeps its first reason.
  void merge(const TrafficModel& model, const FlowHits& hits);
  // Another analyzer's control flows (a sensor's summary), matched in finish() like ours.
  void merge_expected(std::span<const ExpectedSource> sources);

 private:
  AnalyzerOptions options_;
  const VerdictEngine& engine_;
  TrafficModel model_;
  // Only conversations some flow rule fired on; bounded by the model's conversation cap.
  FlowHits flow_hits_;
  ExpectedConnections expected_;
  // A conversation the model's client or service table had no room for says so.
  void note_missing_statistics(const ConversationStats& stats, Verdict& verdict) const;
  // Whether finish() keeps the results of this port's conversations (keep_conversations_of).
  bool keeps_conversations_of(std::uint16_t port, std::uint8_t ip_proto) const {
    return options_.keep_conversations &&
           (!options_.keep_conversations_of || options_.keep_conversations_of(port, ip_proto));
  }
  using ModelEntry = TrafficModel::Conversations::value_type;
  // The verdicts of the conversations that announced others (FTP control connections).
  using ControlVerdicts = std::unordered_map<ConversationKey, Verdict, ConversationKeyHash>;
  using PortRollups = std::map<std::pair<std::uint8_t, std::uint16_t>, PortRollup>;

  // The model is full: judges its quietest conversations now and forgets them.
  void judge_quietest();
  // Ports that had conversations judged before the end, rolled up so far; their results too
  // when the caller keeps conversations; the verdicts of those that announced others.
  PortRollups early_ports_;
  std::vector<ConversationResult> early_results_;
  EarlierScanChains early_chains_{options_.model.max_conversations};
  ControlVerdicts early_controls_;
  std::uint64_t judged_before_end_ = 0;
  std::uint64_t early_without_statistics_ = 0;  // of those, judged without client or service statistics
  std::uint64_t early_members_ = 0;             // of those, kept as members of their port's rollup
  // finish(): the early results and the others in one key order, each port's indices redone.
  void add_early_results(AnalysisResult& result) const;
  ControlVerdicts judge_controls(std::span<const ModelEntry* const> ordered, const FeatureContext& context,
                                 const ScanInfoProvider& scan_info) const;
  // An announced conversation takes its control conversation's verdict.
  void apply_expected(const ConversationKey& key, TimeNs start, const ControlVerdicts& controls,
                      ConversationResult& data) const;
};

}  // namespace gp
