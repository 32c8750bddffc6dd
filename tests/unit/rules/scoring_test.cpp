// Scoring: the winning label, its confidence, ties, evidence against, and `unknown`.
#include "rules/scoring.hpp"

#include <gtest/gtest.h>

#include "tests/unit/rules/rules_test_support.hpp"

namespace gp::rules {
namespace {

using testing::Values;

// A group rule firing when `port` equals `port`: tests choose which rules fire by port set.
std::string rule(const std::string& id, const std::string& label, double weight, int port,
                 const std::string& against = "") {
  std::string s = "[[rule]]\nid = \"" + id + "\"\n";
  if (!label.empty()) s += "label = \"" + label + "\"\n";
  if (!against.empty()) s += "against = [" + against + "]\n";
  return s + "weight = " + std::to_string(weight) + "\nreason = \"" + id +
         " saw port {port}\"\nwhen = { port = " + std::to_string(port) + " }\n";
}

RuleSet rules_from(const std::string& toml) {
  Diagnostics diags;
  RuleSet set;
  for (auto& r : testing::parse_text(toml, diags)) set.add(std::move(r));
  EXPECT_EQ(diags.error_count(), 0U) << (diags.all().empty() ? "" : format(diags.all()[0]));
  return set;
}

Verdict on_port(const RuleSet& set, int port, const ScoringOptions& o = {}) {
  return score(set, FeatureScope::group, Values{}.set("port", port), o);
}

TEST(Scoring, NoRuleFiresIsUnknown) {
  const auto set = rules_from(rule("a", "scanner_noise", 5, 1));
  const Verdict v = on_port(set, 2);
  EXPECT_EQ(v.label, Label::unknown);
  EXPECT_EQ(v.confidence, 0.0);
  EXPECT_TRUE(v.fired.empty());
}

TEST(Scoring, OneRuleConfidenceIsWeightOverWeightPlusPrior) {
  const auto set = rules_from(rule("weak", "scanner_noise", 1, 1) + rule("strong", "suspicious", 6, 2));
  const Verdict weak = on_port(set, 1);
  EXPECT_EQ(weak.label, Label::scanner_noise);
  EXPECT_DOUBLE_EQ(weak.confidence, 1.0 / 3.0);
  const Verdict strong = on_port(set, 2);
  EXPECT_EQ(strong.label, Label::suspicious);
  EXPECT_DOUBLE_EQ(strong.confidence, 0.75);
}

TEST(Scoring, FiredRulesCarryIdLabelWeightAndRenderedReason) {
  const auto set = rules_from(rule("a", "scanner_noise", 2, 7) + rule("b", "misconfiguration", 1, 7) +
                              rule("c", "suspicious", 1, 8));
  const Verdict v = on_port(set, 7);
  ASSERT_EQ(v.fired.size(), 2U);
  EXPECT_EQ(v.fired[0].id, "a");
  EXPECT_EQ(v.fired[0].label, Label::scanner_noise);
  EXPECT_EQ(v.fired[0].weight, 2.0);
  EXPECT_EQ(v.fired[0].reason, "a saw port 7");
  EXPECT_EQ(v.fired[1].id, "b");
}

TEST(Scoring, HighestSummedWeightWinsAndCompetitionLowersConfidence) {
  const auto set = rules_from(rule("s1", "scanner_noise", 2, 7) + rule("s2", "scanner_noise", 2, 7) +
                              rule("c1", "custom_application", 3, 7));
  const Verdict v = on_port(set, 7);
  EXPECT_EQ(v.label, Label::scanner_noise);
  EXPECT_DOUBLE_EQ(v.support, 4.0);
  EXPECT_DOUBLE_EQ(v.against, 3.0);
  EXPECT_DOUBLE_EQ(v.confidence, 4.0 / (4.0 + 3.0 + 2.0));
}

TEST(Scoring, AgainstSubtractsFromALabelsNetSupport) {
  // scanner 4 vs custom 3, but a custom rule counts 2 against scanner: net scanner 2 < custom 3.
  const auto set = rules_from(rule("s", "scanner_noise", 4, 7) + rule("c", "custom_application", 3, 7) +
                              rule("not_scan", "", 2, 7, "\"scanner_noise\""));
  const Verdict v = on_port(set, 7);
  EXPECT_EQ(v.label, Label::custom_application);
  EXPECT_DOUBLE_EQ(v.confidence, 3.0 / (3.0 + 4.0 + 2.0));
  ASSERT_EQ(v.fired.size(), 3U);
  EXPECT_FALSE(v.fired[2].label.has_value());
  EXPECT_EQ(v.fired[2].against, std::vector<Label>{Label::scanner_noise});
}

TEST(Scoring, EvidenceAgainstTheOnlyCandidateMakesItUnknown) {
  const auto set = rules_from(rule("s", "scanner_noise", 2, 7) + rule("x", "", 3, 7, "\"scanner_noise\""));
  const Verdict v = on_port(set, 7);
  EXPECT_EQ(v.label, Label::unknown);
  EXPECT_EQ(v.confidence, 0.0);
  EXPECT_EQ(v.fired.size(), 2U);  // the evidence is still shown
}

TEST(Scoring, SupportBelowTheThresholdIsUnknown) {
  const auto set = rules_from(rule("tiny", "suspicious", 0.5, 7));
  EXPECT_EQ(on_port(set, 7).label, Label::unknown);
  EXPECT_DOUBLE_EQ(on_port(set, 7).support, 0.5);
  ScoringOptions lenient;
  lenient.min_support = 0.5;
  EXPECT_EQ(on_port(set, 7, lenient).label, Label::suspicious);
  EXPECT_DOUBLE_EQ(on_port(set, 7, lenient).confidence, 0.5 / 2.5);
}

TEST(Scoring, TiesGoToHigherSupportThenToTheLabelAnAnalystMustSee) {
  // Equal net (2): suspicious has support 4 against 2, scanner support 2: higher support wins.
  const auto by_support = rules_from(rule("sc", "scanner_noise", 2, 7) + rule("su", "suspicious", 4, 7) +
                                     rule("x", "", 2, 7, "\"suspicious\""));
  EXPECT_EQ(on_port(by_support, 7).label, Label::suspicious);
  // Exact ties, in either load order: suspicious > misconfiguration > custom_application > scanner_noise.
  for (const auto& [a, b, want] : std::vector<std::tuple<std::string, std::string, Label>>{
           {"scanner_noise", "suspicious", Label::suspicious},
           {"suspicious", "scanner_noise", Label::suspicious},
           {"custom_application", "misconfiguration", Label::misconfiguration},
           {"scanner_noise", "custom_application", Label::custom_application}}) {
    const auto set = rules_from(rule("r1", a, 3, 7) + rule("r2", b, 3, 7));
    EXPECT_EQ(on_port(set, 7).label, want) << a << " vs " << b;
    EXPECT_DOUBLE_EQ(on_port(set, 7).confidence, 3.0 / 8.0);
  }
}

TEST(Scoring, ScopesAreScoredSeparately) {
  const auto set = rules_from(rule("g", "scanner_noise", 3, 7) +
                              "[[rule]]\nid = \"f\"\nscope = \"flow\"\nlabel = \"suspicious\"\nweight = 3\n"
                              "reason = \"r\"\nwhen = { conn_state = \"SF\" }\n");
  const Values v = Values{}.set("port", 7).set("conn_state", "SF");
  EXPECT_EQ(score(set, FeatureScope::group, v).label, Label::scanner_noise);
  EXPECT_EQ(score(set, FeatureScope::flow, v).label, Label::suspicious);
}

}  // namespace
}  // namespace gp::rules

namespace gp::rules {
namespace {

// Flow rules fire on single flows; in a group's score each counts once, with the reason of
// the first flow it fired on.
TEST(Scoring, FlowRulesCountOnceInTheGroupScore) {
  const auto set = rules_from(
      "[[rule]]\nid = \"refused_flow\"\nlabel = \"misconfiguration\"\nscope = \"flow\"\nweight = 4\n"
      "reason = \"a {conn_state} flow\"\nwhen = { conn_state = \"REJ\" }\n" +
      rule("group_noise", "scanner_noise", 3, 9));
  std::vector<FlowRuleHit> hits;
  match_flow_rules(set, Values{}.set("conn_state", "SF"), hits);
  EXPECT_TRUE(hits.empty());
  match_flow_rules(set, Values{}.set("conn_state", "REJ"), hits);
  match_flow_rules(set, Values{}.set("conn_state", "REJ"), hits);  // the same rule again: kept once
  ASSERT_EQ(hits.size(), 1U);
  EXPECT_EQ(hits[0].reason, "a REJ flow");

  const Verdict without = score(set, FeatureScope::group, Values{}.set("port", 9));
  EXPECT_EQ(without.label, Label::scanner_noise);
  const Verdict with = score(set, FeatureScope::group, Values{}.set("port", 9), {}, hits);
  EXPECT_EQ(with.label, Label::misconfiguration);
  EXPECT_DOUBLE_EQ(with.confidence, 4.0 / (4.0 + 3.0 + 2.0));
  ASSERT_EQ(with.fired.size(), 2U);
  EXPECT_EQ(with.fired[1].id, "refused_flow");
  EXPECT_EQ(with.fired[1].reason, "a REJ flow");
}

}  // namespace
}  // namespace gp::rules
