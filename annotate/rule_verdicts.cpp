#include "annotate/rule_verdicts.hpp"

#include <algorithm>

namespace gp {

Verdict RuleVerdictEngine::judge(const FeatureValues& features) const { return judge(features, {}); }

void RuleVerdictEngine::match_flow(const FeatureValues& flow, std::vector<rules::FlowRuleHit>& hits) const {
  rules::match_flow_rules(rules_, flow, hits);
}

Verdict RuleVerdictEngine::judge(const FeatureValues& features, std::span<const rules::FlowRuleHit> flow_hits) const {
  const rules::Verdict v = rules::score(rules_, FeatureScope::group, features, options_, flow_hits);
  Verdict out;
  out.label = v.label;
  out.confidence = v.confidence;
  // Scan noise from a published research or search-engine scanner (or the site's own): the
  // analyst can skip it. Judged here so every caller of the engine (analyze, live) agrees.
  if (out.label == rules::Label::scanner_noise) {
    const FeatureValue f = features.get(feature_id<"client_research_scanner">());
    const bool* b = std::get_if<bool>(&f);
    out.benign_research = b != nullptr && *b;
  }
  // Rules for the winning label first (strongest first), then everything else that fired.
  for (const rules::FiredRule& f : v.fired) {
    const bool supports = f.label && *f.label == v.label;
    const bool opposes = std::find(f.against.begin(), f.against.end(), v.label) != f.against.end();
    RuleEvidence e;
    e.rule_id = f.id;
    e.label = f.label;
    e.weight = f.weight;
    e.against = opposes && !supports;
    e.reason = f.reason;
    out.evidence.push_back(std::move(e));
  }
  std::stable_sort(out.evidence.begin(), out.evidence.end(), [&out](const RuleEvidence& a, const RuleEvidence& b) {
    const bool a_for = a.supports(out.label);
    const bool b_for = b.supports(out.label);
    if (a_for != b_for) return a_for;
    return a.weight > b.weight;
  });
  return out;
}

}  // namespace gp
