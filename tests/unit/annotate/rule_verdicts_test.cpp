// The TOML rules as a VerdictEngine: the rules' label and confidence become the verdict, and
// the evidence lists the rules for the winning label first (strongest first), then the rest,
// with the rules that only counted against the winner marked as such.
#include "annotate/rule_verdicts.hpp"

#include <gtest/gtest.h>
#include "tests/support/labels.hpp"

#include <string>
#include <vector>

#include "tests/unit/rules/rules_test_support.hpp"

namespace gp {
namespace {

using rules::testing::Values;

rules::RuleSet rules_from(const std::string& toml) {
  Diagnostics diags;
  rules::RuleSet set;
  for (auto& r : rules::testing::parse_text(toml, diags)) set.add(std::move(r));
  EXPECT_EQ(diags.error_count(), 0U) << (diags.all().empty() ? "" : format(diags.all()[0]));
  return set;
}

std::string rule(const std::string& id, const std::string& label, int weight, const std::string& against = "",
                 const std::string& scope = "group") {
  std::string s = "[[rule]]\nid = \"" + id + "\"\n";
  if (!label.empty()) s += "label = \"" + label + "\"\n";
  if (!against.empty()) s += "against = [\"" + against + "\"]\n";
  return s + "weight = " + std::to_string(weight) + "\nscope = \"" + scope + "\"\nreason = \"" + id +
         " on {port} with {flows}\"\nwhen = { port = 3255 }\n";
}

std::vector<std::string> ids(const Verdict& v) {
  std::vector<std::string> out;
  for (const RuleEvidence& e : v.evidence) out.push_back(e.rule_id);
  return out;
}

TEST(RuleVerdicts, WinnersRulesFirstStrongestFirstThenTheRest) {
  const auto set = rules_from(rule("weak_app", "custom_application", 1) + rule("odd", "suspicious", 2) +
                              rule("strong_app", "custom_application", 5) + rule("doubt", "", 1, "custom_application") +
                              rule("noise", "scanner_noise", 3));
  const RuleVerdictEngine engine(set);
  const Verdict v = engine.judge(Values{}.set("port", 3255).set("flows", 4));
  EXPECT_EQ(v.label, rules::Label::custom_application);
  // support 6; against 1 (doubt) + 2 (odd) + 3 (noise) + prior 2
  EXPECT_DOUBLE_EQ(v.confidence, 6.0 / 14.0);
  EXPECT_EQ(ids(v), (std::vector<std::string>{"strong_app", "weak_app", "noise", "odd", "doubt"}));
  ASSERT_EQ(v.evidence.size(), 5U);
  EXPECT_EQ(v.evidence[0].reason, "strong_app on 3255 with 4");
  EXPECT_EQ(v.evidence[0].label, rules::Label::custom_application);
  EXPECT_FALSE(v.evidence[0].against);
  EXPECT_EQ(v.evidence[0].weight, 5.0);
  EXPECT_FALSE(v.evidence[4].label.has_value());  // a rule with no label of its own
  EXPECT_EQ(v.evidence[4].label_name(), "-");
  EXPECT_TRUE(v.evidence[4].against);
  EXPECT_FALSE(v.evidence[2].against);  // scanner_noise support is not "against" the winner
  EXPECT_FALSE(v.benign_research);
}

TEST(RuleVerdicts, NothingFiredIsUnknown) {
  const auto set = rules_from(rule("app", "custom_application", 5));
  const Verdict v = RuleVerdictEngine(set).judge(Values{}.set("port", 80).set("flows", 1));
  EXPECT_EQ(v.label, rules::Label::unknown);
  EXPECT_EQ(v.confidence, 0.0);
  EXPECT_TRUE(v.evidence.empty());
}

// A flow rule counts only through the hits found on the conversation's flows (once however
// many flows it fired on); the conversation's own features never fire it.
TEST(RuleVerdicts, FlowRulesCountThroughTheirHits) {
  const auto set = rules_from(rule("per_flow", "suspicious", 9, "", "flow") + rule("app", "custom_application", 1));
  const RuleVerdictEngine engine(set);
  EXPECT_TRUE(engine.has_flow_rules());
  const Values group = Values{}.set("port", 3255).set("flows", 2);
  const Verdict without = engine.judge(group);
  EXPECT_EQ(without.label, rules::Label::custom_application);
  EXPECT_EQ(ids(without), (std::vector<std::string>{"app"}));

  std::vector<rules::FlowRuleHit> hits;
  engine.match_flow(Values{}.set("port", 80), hits);
  EXPECT_TRUE(hits.empty());
  engine.match_flow(Values{}.set("port", 3255).set("flows", 1), hits);
  engine.match_flow(Values{}.set("port", 3255).set("flows", 1), hits);  // a second flow: still one hit
  ASSERT_EQ(hits.size(), 1U);
  const Verdict with = engine.judge(group, hits);
  EXPECT_EQ(with.label, rules::Label::suspicious);
  EXPECT_EQ(ids(with), (std::vector<std::string>{"per_flow", "app"}));
  EXPECT_FALSE(RuleVerdictEngine(rules_from(rule("app", "custom_application", 1))).has_flow_rules());
}

TEST(RuleVerdicts, ScoringOptionsAreApplied) {
  const auto set = rules_from(rule("app", "custom_application", 1));
  const Values v = Values{}.set("port", 3255).set("flows", 1);
  EXPECT_DOUBLE_EQ(RuleVerdictEngine(set).judge(v).confidence, 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(RuleVerdictEngine(set, rules::ScoringOptions{0.0, 1.0}).judge(v).confidence, 1.0);
  EXPECT_EQ(RuleVerdictEngine(set, rules::ScoringOptions{2.0, 2.0}).judge(v).label, rules::Label::unknown);
}

}  // namespace
}  // namespace gp
