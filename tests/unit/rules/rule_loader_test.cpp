// Layers: later files replace earlier rules by id, `enabled = false` switches one off, and
// the shipped rules/default directory loads cleanly.
#include "rules/rule_loader.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "rules/reason_template.hpp"
#include "rules/scoring.hpp"
#include "tests/unit/rules/rules_test_support.hpp"

namespace gp::rules {
namespace {

using ::testing::ElementsAre;
using testing::TempDir;
using testing::Values;

std::string rule(const std::string& id, const std::string& label, int weight, const std::string& when) {
  return "[[rule]]\nid = \"" + id + "\"\nlabel = \"" + label + "\"\nweight = " + std::to_string(weight) +
         "\nreason = \"" + id + "\"\nwhen = { " + when + " }\n";
}

TEST(RuleLoader, LaterLayerReplacesARuleById) {
  TempDir dir;
  const auto base = dir.write(
      "base.toml", rule("a", "scanner_noise", 4, "flows = \">= 10\"") + rule("b", "suspicious", 2, "flows = 1"));
  const auto site = dir.write("site.toml", rule("a", "custom_application", 5, "flows = \">= 20\""));
  Diagnostics diags;
  const RuleSet set = load_rules({base, site}, diags);
  EXPECT_EQ(diags.all().size(), 0U);
  ASSERT_EQ(set.entries().size(), 3U);
  EXPECT_EQ(set.entries()[0].status, RuleStatus::overridden);
  ASSERT_TRUE(set.entries()[0].replaced_by.has_value());
  EXPECT_EQ(set.entries()[0].replaced_by->file, site);
  EXPECT_EQ(set.entries()[0].replaced_by->line, 2U);
  EXPECT_EQ(set.entries()[2].status, RuleStatus::active);
  EXPECT_EQ(set.find("a")->rule.label, Label::custom_application);
  EXPECT_EQ(set.active(FeatureScope::group).size(), 2U);

  // The replaced rule no longer fires: 15 flows met the old condition, not the new one.
  EXPECT_EQ(score(set, FeatureScope::group, Values{}.set("flows", 15)).label, Label::unknown);
  EXPECT_EQ(score(set, FeatureScope::group, Values{}.set("flows", 20)).label, Label::custom_application);
}

TEST(RuleLoader, EnabledFalseSwitchesADefaultRuleOff) {
  TempDir dir;
  const auto base = dir.write("base.toml", rule("a", "scanner_noise", 4, "flows = 1"));
  const auto site = dir.write("site.toml", "[[rule]]\nid = \"a\"\nenabled = false\n");
  Diagnostics diags;
  const RuleSet set = load_rules({base, site}, diags);
  EXPECT_EQ(diags.all().size(), 0U);
  ASSERT_EQ(set.entries().size(), 2U);
  EXPECT_EQ(set.entries()[0].status, RuleStatus::overridden);
  EXPECT_EQ(set.entries()[1].status, RuleStatus::disabled);
  EXPECT_EQ(set.active_count(), 0U);
  EXPECT_EQ(score(set, FeatureScope::group, Values{}.set("flows", 1)).label, Label::unknown);
}

TEST(RuleLoader, DisablingAnIdNoEarlierFileDefinesIsAWarning) {
  TempDir dir;
  const auto base = dir.write("base.toml", rule("scanner_fast", "scanner_noise", 4, "flows = 1"));
  const auto site = dir.write("site.toml", "[[rule]]\nid = \"scaner_fast\"\nenabled = false\n");
  Diagnostics diags;
  load_rules({base, site}, diags);
  EXPECT_EQ(diags.error_count(), 0U);
  EXPECT_THAT(testing::formatted(diags),
              ElementsAre(site + ":2:6: warning: 'enabled = false' for rule 'scaner_fast', which no earlier file "
                                 "defines (did you mean 'scanner_fast'?)"));
}

TEST(RuleLoader, RulesWithErrorsAreLeftOutAndTheRestLoad) {
  TempDir dir;
  const auto f =
      dir.write("f.toml", rule("good", "suspicious", 1, "flows = 1") + rule("bad", "suspicious", 1, "flowz = 1"));
  Diagnostics diags;
  const RuleSet set = load_rules({f}, diags);
  EXPECT_EQ(diags.error_count(), 1U);
  ASSERT_EQ(set.entries().size(), 1U);
  EXPECT_EQ(set.entries()[0].rule.id, "good");
}

TEST(RuleLoader, DirectoryLayerReadsTomlFilesInNameOrder) {
  TempDir dir;
  dir.write("d/b.toml", rule("second", "suspicious", 1, "flows = 1"));
  dir.write("d/a.toml", rule("first", "suspicious", 1, "flows = 1"));
  dir.write("d/notes.txt", "not rules");
  Diagnostics diags;
  const RuleSet set = load_rules({dir.path() / "d"}, diags);
  EXPECT_EQ(diags.all().size(), 0U);
  ASSERT_EQ(set.entries().size(), 2U);
  EXPECT_EQ(set.entries()[0].rule.id, "first");
  EXPECT_EQ(set.entries()[1].rule.id, "second");
}

// The shipped rules are tuned elsewhere (one test per rule lives with them); here only that
// the directory loads cleanly, every rule is active, and every reason renders.
TEST(RuleLoader, ShippedDefaultRulesLoadWithoutDiagnostics) {
  Diagnostics diags;
  const RuleSet set = load_rules({std::string(GP_SOURCE_DIR) + "/rules/default"}, diags);
  for (const auto& s : testing::formatted(diags)) ADD_FAILURE() << s;
  EXPECT_FALSE(set.entries().empty());
  EXPECT_EQ(set.active_count(), set.entries().size());
  for (const auto& e : set.entries()) {
    EXPECT_FALSE(render(e.rule.reason, Values{}).empty()) << e.rule.id;
    EXPECT_FALSE(describe(e.rule.when).empty()) << e.rule.id;
  }
}

TEST(RuleLoader, DefaultDirectoryFollowsTheEnvironment) {
  ::setenv("GHOSTPORT_RULES_DIR", "/somewhere/else", 1);
  EXPECT_EQ(default_rules_dir(), std::filesystem::path("/somewhere/else"));
  ::unsetenv("GHOSTPORT_RULES_DIR");
  EXPECT_EQ(default_rules_dir(), std::filesystem::path(std::string(GP_SOURCE_DIR) + "/rules/default"));
}

}  // namespace
}  // namespace gp::rules
