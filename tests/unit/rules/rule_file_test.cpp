// Every class of rule-file error, with the exact file:line:col message a user sees.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rules/rule_loader.hpp"
#include "tests/unit/rules/rules_test_support.hpp"

namespace gp::rules {
namespace {

using ::testing::ElementsAre;
using testing::TempDir;

// Loads `content` from <tmp>/r.toml; diagnostics with the directory cut off ("r.toml:3:9: …").
std::vector<std::string> load_errors(const std::string& content) {
  TempDir dir;
  const std::string file = dir.write("r.toml", content);
  Diagnostics diags;
  load_rules({file}, diags);
  std::vector<std::string> out;
  const std::string prefix = dir.path().string() + "/";
  for (auto s : testing::formatted(diags)) {
    for (std::size_t p; (p = s.find(prefix)) != std::string::npos;) s.erase(p, prefix.size());
    out.push_back(s);
  }
  return out;
}

// A valid rule with one line swapped for `line` (the 5th line of the table, where `when` sits).
std::string rule_with(const std::string& when_line) {
  return "[[rule]]\n"
         "id = \"r1\"\n"
         "label = \"scanner_noise\"\n"
         "weight = 2\n"
         "reason = \"{flows} flows\"\n" +
         when_line + "\n";
}

TEST(RuleFile, ValidRuleLoadsWithoutDiagnostics) {
  EXPECT_TRUE(load_errors(rule_with("when = { flows = \">= 10\" }")).empty());
}

TEST(RuleFile, TomlSyntaxErrorUsesTomlppMessageAndPosition) {
  EXPECT_THAT(
      load_errors("[[rule]]\nid = \"a\"\nweight = 1 2\n"),
      ElementsAre("r.toml:3:12: error: Error while parsing key-value pair: expected a comment or whitespace, saw '2'"));
}

TEST(RuleFile, UnknownKeySuggestsTheNearestKey) {
  EXPECT_THAT(load_errors(rule_with("when = { flows = 1 }\nwieght = 3")),
              ElementsAre("r.toml:7:1: error: unknown key 'wieght' in [[rule]] (did you mean 'weight'?)"));
}

TEST(RuleFile, FeatureOutsideWhenSaysWhereConditionsGo) {
  EXPECT_THAT(
      load_errors(rule_with("when = { flows = 1 }\nport = 3255")),
      ElementsAre(
          "r.toml:7:1: error: unknown key 'port' in [[rule]] (conditions go in 'when', e.g. when = { port = ... })"));
}

TEST(RuleFile, UnknownTopLevelKey) {
  EXPECT_THAT(load_errors("[[rules]]\nid = \"a\"\n"),
              ElementsAre("r.toml:1:3: error: unknown key 'rules' at the top level (did you mean 'rule'?)"));
}

TEST(RuleFile, UnknownFeatureSuggestsTheNearestFeature) {
  EXPECT_THAT(load_errors(rule_with("when = { flows = 1, prot = 3255 }")),
              ElementsAre("r.toml:6:21: error: unknown feature 'prot' (did you mean 'port'?)"));
  EXPECT_THAT(load_errors(rule_with("when = { flowz = 1 }")),
              ElementsAre("r.toml:6:10: error: unknown feature 'flowz' (did you mean 'flows'?)"));
}

TEST(RuleFile, WrongTypeStringForANumberFeature) {
  EXPECT_THAT(load_errors(rule_with("when = { flows = \"many\" }")),
              ElementsAre("r.toml:6:18: error: invalid comparison 'many' for 'flows' (expected a number, a comparison "
                          "such as \">= 10\", a range \"1..5\" or a list of numbers)"));
  EXPECT_THAT(load_errors(rule_with("when = { flows = \"10\" }")),
              ElementsAre("r.toml:6:18: error: 'flows' is a number; write flows = 10 (no quotes) or a comparison such "
                          "as \">= 10\""));
  EXPECT_THAT(load_errors(rule_with("when = { flows = true }")),
              ElementsAre("r.toml:6:18: error: 'flows' is a number; expected a number, a comparison such as \">= 10\", "
                          "a range \"1..5\" or a list of numbers, found boolean"));
}

TEST(RuleFile, WrongTypeNumberOperatorOnText) {
  EXPECT_THAT(
      load_errors(rule_with("when = { protocol = \">= 3\" }")),
      ElementsAre("r.toml:6:21: error: 'protocol' is text; '>=' compares numbers (write protocol = \"value\" or "
                  "a list of values)"));
  EXPECT_THAT(
      load_errors(rule_with("when = { protocol = 3 }")),
      ElementsAre("r.toml:6:21: error: 'protocol' is text; expected a string or a list of strings, found integer"));
}

TEST(RuleFile, WrongTypeForBooleanAndAddress) {
  EXPECT_THAT(load_errors(rule_with("when = { client_internal = \"yes\" }")),
              ElementsAre("r.toml:6:28: error: 'client_internal' is a boolean; expected true or false, found string"));
  EXPECT_THAT(load_errors(rule_with("when = { server_addr = \"> 10.0.0.1\" }")),
              ElementsAre("r.toml:6:24: error: 'server_addr' is an address; '>' compares numbers (write server_addr = "
                          "\"10.0.0.0/8\")"));
  EXPECT_THAT(load_errors(rule_with("when = { server_addr = \"10.0.0.300/8\" }")),
              ElementsAre("r.toml:6:24: error: invalid network '10.0.0.300/8' (expected CIDR such as 10.0.0.0/8 or "
                          "fd00::/8)"));
}

TEST(RuleFile, ValueOutsideTheFeaturesVocabulary) {
  EXPECT_THAT(load_errors(rule_with("when = { standing = [\"orphaned\", \"orphan\"] }")),
              ElementsAre("r.toml:6:34: error: 'orphan' is not a value of 'standing' (did you mean 'orphaned'?)"));
  EXPECT_THAT(load_errors(rule_with("when = { transport = \"quic\" }")),
              ElementsAre("r.toml:6:22: error: 'quic' is not a value of 'transport' (values: tcp, udp, icmp, other)"));
}

TEST(RuleFile, ImpossibleValues) {
  EXPECT_THAT(load_errors(rule_with("when = { completed_ratio = \"> 1.5\" }")),
              ElementsAre("r.toml:6:28: error: 1.5 is impossible for 'completed_ratio' (a ratio is between 0 and 1)"));
  EXPECT_THAT(load_errors(rule_with("when = { flows = -1 }")),
              ElementsAre("r.toml:6:18: error: -1 is impossible for 'flows' (a count of flows is never negative)"));
  EXPECT_THAT(
      load_errors(rule_with("when = { port = [3255, 70000] }")),
      ElementsAre("r.toml:6:24: error: 70000 is impossible for 'port' (a port is a whole number from 0 to 65535)"));
  EXPECT_THAT(load_errors(rule_with("when = { payload_entropy = \">= 9\" }")),
              ElementsAre("r.toml:6:28: error: 9 is impossible for 'payload_entropy' (entropy is between 0 and 8 "
                          "bits/byte)"));
}

TEST(RuleFile, InvertedRangeSuggestsTheRightOrder) {
  EXPECT_THAT(
      load_errors(rule_with("when = { completed_ratio = \"0.9..0.2\" }")),
      ElementsAre("r.toml:6:28: error: inverted range '0.9..0.2' for 'completed_ratio' (did you mean '0.2..0.9'?)"));
}

TEST(RuleFile, NetworkWithHostBitsSet) {
  EXPECT_THAT(load_errors(rule_with("when = { server_addr = [\"fd00::/8\", \"10.0.0.1/8\"] }")),
              ElementsAre("r.toml:6:37: error: network '10.0.0.1/8' has host bits set (did you mean 10.0.0.0/8?)"));
}

TEST(RuleFile, WeightOutOfRange) {
  const std::string head = "[[rule]]\nid = \"r1\"\nlabel = \"suspicious\"\nreason = \"r\"\nwhen = { flows = 1 }\n";
  EXPECT_THAT(load_errors(head + "weight = 12\n"),
              ElementsAre("r.toml:6:10: error: weight 12 is out of range (expected a number above 0 and at most 10)"));
  EXPECT_THAT(load_errors(head + "weight = 0\n"),
              ElementsAre("r.toml:6:10: error: weight 0 is out of range (expected a number above 0 and at most 10)"));
  EXPECT_THAT(load_errors(head + "weight = -2.5\n"),
              ElementsAre("r.toml:6:10: error: weight -2.5 is out of range (expected a number above 0 and at most 10; "
                          "to count against a label, list it in 'against' with a positive weight)"));
  EXPECT_THAT(load_errors(head + "weight = \"high\"\n"),
              ElementsAre("r.toml:6:10: error: key 'weight' must be a number, found string"));
}

TEST(RuleFile, MissingRequiredKeysPointAtTheTable) {
  EXPECT_THAT(load_errors("# header\n[[rule]]\nid = \"r1\"\n"),
              ElementsAre("r.toml:2:1: error: missing key 'label' in rule 'r1' (the label it supports; or 'against' to "
                          "list labels it counts against)",
                          "r.toml:2:1: error: missing key 'weight' in rule 'r1'",
                          "r.toml:2:1: error: missing key 'reason' in rule 'r1'",
                          "r.toml:2:1: error: missing key 'when' in rule 'r1'"));
  EXPECT_THAT(load_errors("[[rule]]\nlabel = \"suspicious\"\nweight = 1\nreason = \"r\"\nwhen = { flows = 1 }\n"),
              ElementsAre("r.toml:1:1: error: missing key 'id' in [[rule]]"));
}

TEST(RuleFile, DuplicateIdPointsAtBothDefinitions) {
  const std::string one = rule_with("when = { flows = 1 }");
  EXPECT_THAT(load_errors(one + "\n" + one),
              ElementsAre("r.toml:9:6: error: duplicate rule id 'r1' (first defined at r.toml:2:6)",
                          "r.toml:2:6: note: rule 'r1' first defined here"));
}

TEST(RuleFile, DuplicateIdAcrossFilesOfOneDirectory) {
  TempDir dir;
  dir.write("d/a.toml", rule_with("when = { flows = 1 }"));
  dir.write("d/b.toml", rule_with("when = { flows = 2 }"));
  Diagnostics diags;
  load_rules({dir.path() / "d"}, diags);
  const std::string d = (dir.path() / "d").string();
  EXPECT_THAT(testing::formatted(diags),
              ElementsAre(d + "/b.toml:2:6: error: duplicate rule id 'r1' (first defined at " + d + "/a.toml:2:6)",
                          d + "/a.toml:2:6: note: rule 'r1' first defined here"));
}

TEST(RuleFile, UnknownLabels) {
  EXPECT_THAT(load_errors("[[rule]]\nid = \"r1\"\nlabel = \"scaner_noise\"\nagainst = [\"custom_app\"]\nweight = 1\n"
                          "reason = \"r\"\nwhen = { flows = 1 }\n"),
              ElementsAre("r.toml:3:9: error: unknown label 'scaner_noise' (did you mean 'scanner_noise'?)",
                          "r.toml:4:12: error: unknown label 'custom_app'"));
  EXPECT_THAT(
      load_errors("[[rule]]\nid = \"r1\"\nlabel = \"unknown\"\nweight = 1\nreason = \"r\"\nwhen = { flows = 1 }\n"),
      ElementsAre("r.toml:3:9: error: label 'unknown' cannot be supported by a rule (it is the verdict when no "
                  "rule fires)"));
}

TEST(RuleFile, AgainstListsOtherLabelsOnce) {
  EXPECT_THAT(
      load_errors("[[rule]]\nid = \"r1\"\nlabel = \"suspicious\"\nagainst = [\"suspicious\", \"scanner_noise\", "
                  "\"scanner_noise\", 3]\nweight = 1\nreason = \"r\"\nwhen = { flows = 1 }\n"),
      ElementsAre("r.toml:4:12: error: 'suspicious' is both the rule's label and in 'against'",
                  "r.toml:4:43: error: 'scanner_noise' is listed twice in 'against'",
                  "r.toml:4:60: error: elements of 'against' must be labels, found integer"));
  EXPECT_TRUE(load_errors("[[rule]]\nid = \"r1\"\nagainst = [\"scanner_noise\"]\nweight = 1\nreason = \"r\"\n"
                          "when = { flows = 1 }\n")
                  .empty());
}

TEST(RuleFile, ReasonCitingAnUnknownFeaturePointsInsideTheString) {
  EXPECT_THAT(load_errors("[[rule]]\nid = \"r1\"\nlabel = \"suspicious\"\nweight = 1\n"
                          "reason = \"{flows} flows, {unanswerd_ratio:%} unanswered\"\nwhen = { flows = 1 }\n"),
              ElementsAre("r.toml:5:27: error: reason cites unknown feature 'unanswerd_ratio' (did you mean "
                          "'unanswered_ratio'?)"));
}

TEST(RuleFile, ScopeMismatchInConditionAndReason) {
  EXPECT_THAT(
      load_errors("[[rule]]\nid = \"r1\"\nlabel = \"scanner_noise\"\nweight = 1\n"
                  "reason = \"state {conn_state}\"\nwhen = { conn_state = \"S0\" }\n"),
      ElementsAre("r.toml:5:18: error: reason cites flow feature 'conn_state' in a group rule (set scope = \"flow\")",
                  "r.toml:6:10: error: 'conn_state' is a flow feature; a group rule cannot test it (set scope = "
                  "\"flow\")"));
  EXPECT_TRUE(
      load_errors(
          "[[rule]]\nid = \"r1\"\nscope = \"flow\"\nlabel = \"scanner_noise\"\nweight = 1\n"
          "reason = \"state {conn_state} on {standing}\"\nwhen = { conn_state = \"S0\", standing = \"orphaned\" }\n")
          .empty());
}

TEST(RuleFile, BadIdScopeAndEmptyWhen) {
  EXPECT_THAT(
      load_errors("[[rule]]\nid = \"Bad-Id\"\nscope = \"flows\"\nlabel = \"suspicious\"\nweight = 1\n"
                  "reason = \"r\"\nwhen = {}\n"),
      ElementsAre("r.toml:2:6: error: rule id 'Bad-Id' must be snake_case (lowercase letters, digits and '_', "
                  "starting with a letter)",
                  "r.toml:3:9: error: unknown scope 'flows' (did you mean 'flow'?) (expected \"group\" or \"flow\")",
                  "r.toml:7:8: error: 'when' has no conditions (a rule that fires on everything is no evidence)"));
}

TEST(RuleFile, AllErrorsOfAFileInOnePassInFileOrder) {
  const auto errors = load_errors(
      "[[rule]]\nid = \"a\"\nlabel = \"suspicious\"\nweight = 11\nreason = \"r\"\nwhen = { flowz = 1 }\n\n"
      "[[rule]]\nid = \"b\"\nlabel = \"suspicious\"\nweight = 1\nreason = \"{portz}\"\nwhen = { port = \"1..0\" }\n");
  EXPECT_THAT(errors,
              ElementsAre("r.toml:4:10: error: weight 11 is out of range (expected a number above 0 and at most 10)",
                          "r.toml:6:10: error: unknown feature 'flowz' (did you mean 'flows'?)",
                          "r.toml:12:12: error: reason cites unknown feature 'portz' (did you mean 'port'?)",
                          "r.toml:13:17: error: inverted range '1..0' for 'port' (did you mean '0..1'?)"));
}

TEST(RuleFile, CombinatorsMustHoldTables) {
  EXPECT_THAT(load_errors(rule_with("when = { any = { flows = 1 } }")),
              ElementsAre("r.toml:6:16: error: 'any' takes a list of tables such as [{ flows = \">= 10\" }, { port = "
                          "3255 }], found table"));
  EXPECT_THAT(load_errors(rule_with("when = { not = [{ flows = 1 }] }")),
              ElementsAre("r.toml:6:16: error: 'not' takes a table such as { protocol = \"http\" }, found array"));
}

TEST(RuleFile, MissingFileIsAnError) {
  Diagnostics diags;
  load_rules({"/nonexistent/rules.toml"}, diags);
  ASSERT_EQ(diags.error_count(), 1U);
  EXPECT_EQ(testing::formatted(diags)[0].rfind("/nonexistent/rules.toml: error: ", 0), 0U);
}

}  // namespace
}  // namespace gp::rules
