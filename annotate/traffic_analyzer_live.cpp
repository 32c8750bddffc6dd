// TrafficAnalyzer's live view, kept apart from finish(): the same features and the same
// verdict engine, for one conversation, while flows keep arriving.
#include "annotate/traffic_analyzer.hpp"

#include "classify/features/orientation.hpp"

namespace gp {

std::optional<Verdict> TrafficAnalyzer::judge_now(const ConversationKey& key, const ClientScanInfo& scan,
                                                  std::optional<ConversationKey>* awaiting_control) const {
  const auto it = model_.conversations().find(key);
  if (it == model_.conversations().end()) return std::nullopt;
  const FeatureContext context{model_, options_.registry, options_.internal, options_.standard_port};
  // An announced connection takes its control connection's verdict, as in finish(). Live
  // usually judges it first, its control connection still open (flow_announced noted what
  // that one announced so far): it waits, unknown, and says for what.
  if (key.ip_proto == 6) {
    if (const ExpectedSource* source = expected_.find(key.client, key.server, key.port, it->second.first_start);
        source != nullptr && !(source->control == key)) {
      Verdict v;
      const auto control = model_.conversations().find(source->control);
      if (control != model_.conversations().end()) {
        v = engine_.judge(ConversationFeatures(source->control, control->second, context, ClientScanInfo{}),
                          flow_hits(source->control));
        v.evidence.insert(v.evidence.begin(), RuleEvidence{"expected_connection", v.label, 0.0, false,
                                                           expected_reason(*source, key.server, key.port, v.label)});
      } else {
        v.evidence.push_back(RuleEvidence{"expected_connection", v.label, 0.0, false,
                                          expected_reason(*source, key.server, key.port, std::nullopt)});
        if (awaiting_control != nullptr) *awaiting_control = source->control;
      }
      return v;
    }
  }
  Verdict v = engine_.judge(ConversationFeatures(key, it->second, context, scan), flow_hits(key));
  note_missing_statistics(it->second, v);
  return v;
}

void TrafficAnalyzer::flow_announced(const Flow& flow, const ConnRecord& now) {
  const Orientation o = orient(flow, now);
  expected_.note(flow, ConversationKey{o.client, o.server, o.port, o.ip_proto});
}

}  // namespace gp
