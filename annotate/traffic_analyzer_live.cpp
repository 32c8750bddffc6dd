// TrafficAnalyzer's live view, kept apart from finish(): the same features and the same
// verdict engine, for one conversation, while flows keep arriving.
#include "annotate/traffic_analyzer.hpp"

namespace gp {

std::optional<Verdict> TrafficAnalyzer::judge_now(const ConversationKey& key, const ClientScanInfo& scan) const {
  const auto it = model_.conversations().find(key);
  if (it == model_.conversations().end()) return std::nullopt;
  const FeatureContext context{model_, options_.registry, options_.internal, options_.standard_port};
  // An announced connection takes its control connection's verdict, as in finish(). Live
  // knows only the control connections that already ended.
  if (key.ip_proto == 6) {
    if (const ExpectedSource* source = expected_.find(key.client, key.server, key.port, it->second.first_start)) {
      const auto control = model_.conversations().find(source->control);
      if (control != model_.conversations().end() && !(source->control == key)) {
        Verdict v = engine_.judge(ConversationFeatures(source->control, control->second, context, ClientScanInfo{}),
                                  flow_hits(source->control));
        v.evidence.insert(v.evidence.begin(), RuleEvidence{"expected_connection", v.label, 0.0, false,
                                                           expected_reason(*source, key.server, key.port, v.label)});
        return v;
      }
    }
  }
  return engine_.judge(ConversationFeatures(key, it->second, context, scan), flow_hits(key));
}

}  // namespace gp
