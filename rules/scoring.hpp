// From the rules that fired to one label and a confidence (docs/rules.md, "Scoring").
//
//   support(L) = sum of the weights of fired rules whose label is L
//   against(L) = sum of the weights of fired rules that list L in `against`
//   winner     = the label with the highest support(L) - against(L); ties go to the higher
//                support, then to the label an analyst most needs to see:
//                suspicious > misconfiguration > custom_application > scanner_noise
//   confidence = support(W) / (support(W) + against(W) + sum of support(L) for L != W + prior)
//
// so competing evidence and a prior (default 2, i.e. "two rules' worth of doubt") pull the
// confidence down: one rule of weight 1 gives 0.33, one of weight 6 gives 0.75. The verdict
// is `unknown` (confidence 0) when no rule supports a label, when the winner's net support
// is not positive, or when its support is below `min_support`. Pure: no I/O.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "classify/features/feature_catalog.hpp"
#include "rules/label.hpp"
#include "rules/rule_set.hpp"

namespace gp::rules {

struct ScoringOptions {
  double prior = 2.0;
  double min_support = 1.0;
};

// One rule that fired, with everything --explain shows.
struct FiredRule {
  std::string id;
  std::optional<Label> label;  // unset for a rule that only counts against
  std::vector<Label> against;
  double weight = 0;
  std::string reason;  // rendered with this flow's or group's values
};

struct Verdict {
  Label label = Label::unknown;
  double confidence = 0;
  double support = 0;            // support(W) (for unknown: of the best candidate, if any)
  double against = 0;            // against(W) plus the support of every other label
  std::vector<FiredRule> fired;  // in rule load order
};

// A flow rule (scope "flow") that fired on one of a group's flows. In the group's score it
// counts once, however many of the group's flows it fired on, with the reason rendered from
// the first of them.
struct FlowRuleHit {
  std::size_t entry = 0;  // index into RuleSet::entries()
  std::string reason;
};

// Scores `values` with the active rules of `scope` in `rules`, plus `flow_hits` (group scope).
Verdict score(const RuleSet& rules, FeatureScope scope, const FeatureValues& values, const ScoringOptions& options = {},
              std::span<const FlowRuleHit> flow_hits = {});

// Appends to `hits` every active flow rule that fires on `flow` and is not in `hits` yet.
void match_flow_rules(const RuleSet& rules, const FeatureValues& flow, std::vector<FlowRuleHit>& hits);

}  // namespace gp::rules
