#include "rules/scoring.hpp"

#include <algorithm>
#include <array>

#include "rules/evaluate.hpp"

namespace gp::rules {

namespace {

// Tie-break order: a tie between "suspicious" and anything else should still put the
// traffic in front of the analyst; scanner noise is the label an analyst can most safely skip.
int precedence(Label l) {
  switch (l) {
    case Label::suspicious: return 4;
    case Label::misconfiguration: return 3;
    case Label::custom_application: return 2;
    case Label::scanner_noise: return 1;
    case Label::unknown: return 0;
  }
  return 0;
}

}  // namespace

void match_flow_rules(const RuleSet& rules, const FeatureValues& flow, std::vector<FlowRuleHit>& hits) {
  for (const std::size_t index : rules.active(FeatureScope::flow)) {
    const bool known =
        std::any_of(hits.begin(), hits.end(), [index](const FlowRuleHit& h) { return h.entry == index; });
    if (known) continue;
    const Rule& r = rules.entries()[index].rule;
    if (evaluate(r.when, flow)) hits.push_back({index, render(r.reason, flow)});
  }
}

Verdict score(const RuleSet& rules, FeatureScope scope, const FeatureValues& values, const ScoringOptions& options,
              std::span<const FlowRuleHit> flow_hits) {
  Verdict v;
  std::array<double, kRuleLabels.size()> support{};
  std::array<double, kRuleLabels.size()> against{};
  const auto count = [&](const Rule& r, std::string reason) {
    if (r.label) support[static_cast<std::size_t>(*r.label)] += r.weight;
    for (const Label l : r.against) against[static_cast<std::size_t>(l)] += r.weight;
    v.fired.push_back({r.id, r.label, r.against, r.weight, std::move(reason)});
  };
  for (const std::size_t index : rules.active(scope)) {
    const Rule& r = rules.entries()[index].rule;
    if (evaluate(r.when, values)) count(r, render(r.reason, values));
  }
  for (const FlowRuleHit& hit : flow_hits) {
    if (hit.entry < rules.entries().size()) count(rules.entries()[hit.entry].rule, hit.reason);
  }

  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < kRuleLabels.size(); ++i) {
    if (support[i] <= 0) continue;
    if (!best) {
      best = i;
      continue;
    }
    const double net = support[i] - against[i];
    const double best_net = support[*best] - against[*best];
    if (net != best_net) {
      if (net > best_net) best = i;
    } else if (support[i] != support[*best]) {
      if (support[i] > support[*best]) best = i;
    } else if (precedence(kRuleLabels[i]) > precedence(kRuleLabels[*best])) {
      best = i;
    }
  }
  if (!best) return v;

  double competing = against[*best];
  for (std::size_t i = 0; i < kRuleLabels.size(); ++i) {
    if (i != *best) competing += support[i];
  }
  v.support = support[*best];
  v.against = competing;
  if (support[*best] - against[*best] <= 0 || support[*best] < options.min_support) return v;
  v.label = kRuleLabels[*best];
  v.confidence = v.support / (v.support + competing + options.prior);
  return v;
}

}  // namespace gp::rules
