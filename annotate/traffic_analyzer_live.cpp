// TrafficAnalyzer's live view, kept apart from finish(): the same features and the same
// verdict engine, for one conversation, while flows keep arriving.
#include "annotate/traffic_analyzer.hpp"

namespace gp {

std::optional<Verdict> TrafficAnalyzer::judge_now(const ConversationKey& key, const ClientScanInfo& scan) const {
  const auto it = model_.conversations().find(key);
  if (it == model_.conversations().end()) return std::nullopt;
  const FeatureContext context{model_, options_.registry, options_.internal, options_.standard_port};
  return engine_.judge(ConversationFeatures(key, it->second, context, scan), flow_hits(key));
}

}  // namespace gp
