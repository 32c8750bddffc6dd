#include "rules/label.hpp"

#include <gtest/gtest.h>

namespace gp::rules {
namespace {

TEST(Label, EveryLabelRoundTripsThroughItsName) {
  for (const Label l :
       {Label::custom_application, Label::misconfiguration, Label::scanner_noise, Label::suspicious, Label::unknown}) {
    EXPECT_EQ(parse_label(to_string(l)), l);
  }
  EXPECT_EQ(to_string(Label::scanner_noise), "scanner_noise");
}

TEST(Label, ParseRejectsNearMissesAndCase) {
  EXPECT_FALSE(parse_label("scanner"));
  EXPECT_FALSE(parse_label("Suspicious"));
  EXPECT_FALSE(parse_label(""));
}

TEST(Label, RuleLabelsExcludeUnknown) {
  EXPECT_EQ(kRuleLabels.size(), 4U);
  for (const Label l : kRuleLabels) EXPECT_NE(l, Label::unknown);
}

}  // namespace
}  // namespace gp::rules
