// The VerdictEngine backed by the TOML rules: scores a conversation's features with the
// group-scope rules and turns the rules' verdict into the annotation's.
#pragma once

#include "annotate/traffic_analyzer.hpp"
#include "rules/rule_set.hpp"
#include "rules/scoring.hpp"

namespace gp {

class RuleVerdictEngine final : public VerdictEngine {
 public:
  explicit RuleVerdictEngine(const rules::RuleSet& rules, rules::ScoringOptions options = {})
      : rules_(rules), options_(options) {}
  Verdict judge(const FeatureValues& features) const override;
  bool has_flow_rules() const override { return !rules_.active(FeatureScope::flow).empty(); }
  void match_flow(const FeatureValues& flow, std::vector<rules::FlowRuleHit>& hits) const override;
  Verdict judge(const FeatureValues& features, std::span<const rules::FlowRuleHit> flow_hits) const override;

 private:
  const rules::RuleSet& rules_;
  rules::ScoringOptions options_;
};

}  // namespace gp
