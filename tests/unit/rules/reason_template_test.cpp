#include "rules/reason_template.hpp"

#include <gtest/gtest.h>

#include "rules/plural.hpp"
#include "tests/unit/rules/rules_test_support.hpp"

namespace gp::rules {
namespace {

using testing::Values;

TEST(ReasonTemplate, RendersValuesWithUnitsAndStyles) {
  std::vector<TemplateProblem> problems;
  const auto t =
      parse_reason("{flows} flows from {client_hosts} hosts, {unanswered_ratio:%} unanswered, {orig_bytes} sent",
                   FeatureScope::group, problems);
  ASSERT_TRUE(problems.empty());
  Values v;
  v.set("flows", 12).set("client_hosts", 3).set("unanswered_ratio", 0.5).set("orig_bytes", 2'000'000);
  EXPECT_EQ(render(t, v), "12 flows from 3 hosts, 50% unanswered, 2 MB sent");
}

TEST(ReasonTemplate, ACountOfOneTakesTheSingular) {
  std::vector<TemplateProblem> problems;
  const auto t =
      parse_reason("{flows} completed sessions; the client touched {client_ports} ports on {client_hosts} hosts",
                   FeatureScope::group, problems);
  ASSERT_TRUE(problems.empty());
  Values v;
  v.set("flows", 1).set("client_ports", 1).set("client_hosts", 1);
  EXPECT_EQ(render(t, v), "1 completed session; the client touched 1 port on 1 host");
  v.set("flows", 2).set("client_hosts", 11);
  EXPECT_EQ(render(t, v), "2 completed sessions; the client touched 1 port on 11 hosts");
}

TEST(Plural, SingularOfRegularPlurals) {
  EXPECT_EQ(singular("hosts"), "host");
  EXPECT_EQ(singular("retries"), "retry");
  EXPECT_EQ(singular("addresses"), "address");
  EXPECT_EQ(singular("status"), "status");
  EXPECT_EQ(singular("was"), "was");
  EXPECT_EQ(agree_with_one(" flows, 50% unanswered"), " flow, 50% unanswered");
  EXPECT_EQ(agree_with_one(" of them was refused"), " of them was refused");  // no noun right after
  EXPECT_EQ(agree_with_one(" distinct ports"), " distinct port");
  EXPECT_EQ(agree_with_one("% of flows"), "% of flows");
}

TEST(ReasonTemplate, UnsetValuesShowAsDash) {
  std::vector<TemplateProblem> problems;
  const auto t = parse_reason("protocol {protocol}", FeatureScope::group, problems);
  EXPECT_EQ(render(t, Values{}), "protocol -");
}

TEST(ReasonTemplate, DoubledBracesAreLiteral) {
  std::vector<TemplateProblem> problems;
  const auto t = parse_reason("{{not a feature}} {port}", FeatureScope::group, problems);
  ASSERT_TRUE(problems.empty());
  EXPECT_EQ(render(t, Values{}.set("port", 3255)), "{not a feature} 3255");
}

TEST(ReasonTemplate, ProblemsCarryTheirOffset) {
  std::vector<TemplateProblem> problems;
  parse_reason("a {flowz} b {conn_state} c {protocol:%} {", FeatureScope::group, problems);
  ASSERT_EQ(problems.size(), 4U);
  EXPECT_EQ(problems[0].offset, 3U);
  EXPECT_EQ(problems[0].message, "reason cites unknown feature 'flowz' (did you mean 'flows'?)");
  EXPECT_EQ(problems[1].message, "reason cites flow feature 'conn_state' in a group rule (set scope = \"flow\")");
  EXPECT_EQ(problems[2].message, "format '%' needs a number, but 'protocol' is text");
  EXPECT_EQ(problems[3].message, "unclosed '{' in reason (write '{{' for a literal brace)");
}

TEST(ReasonTemplate, FlowRulesMayCiteGroupFeatures) {
  std::vector<TemplateProblem> problems;
  parse_reason("{conn_state} on a {standing} port", FeatureScope::flow, problems);
  EXPECT_TRUE(problems.empty());
}

}  // namespace
}  // namespace gp::rules
