#include "rules/value_format.hpp"
#include "tests/support/addresses.hpp"

#include <gtest/gtest.h>

namespace gp::rules {
namespace {

const FeatureDef& def(std::string_view name) { return feature_def(*find_feature(name)); }

TEST(ValueFormat, NumbersDropNeedlessDecimals) {
  EXPECT_EQ(format_number(12), "12");
  EXPECT_EQ(format_number(0.25), "0.25");
  EXPECT_EQ(format_number(7.91234), "7.912");
  EXPECT_EQ(format_number(-1), "-1");
}

TEST(ValueFormat, UnitsDecideTheDefaultForm) {
  EXPECT_EQ(format_value(def("flows"), 12.0), "12");
  EXPECT_EQ(format_value(def("orig_bytes"), 512.0), "512 B");
  EXPECT_EQ(format_value(def("orig_bytes"), 1'500'000.0), "1.5 MB");
  EXPECT_EQ(format_value(def("orig_bytes"), 12'000.0), "12 kB");
  EXPECT_EQ(format_value(def("mean_duration"), 0.25), "0.25 s");
  EXPECT_EQ(format_value(def("mean_duration"), 3600.4), "3600 s");
  EXPECT_EQ(format_value(def("completed_ratio"), 0.756), "0.76");
  EXPECT_EQ(format_value(def("payload_entropy"), 7.5), "7.5 bits/byte");
}

TEST(ValueFormat, PercentAndDecimalsOnRequest) {
  EXPECT_EQ(format_value(def("unanswered_ratio"), 0.756, {true, -1}), "76%");
  EXPECT_EQ(format_value(def("unanswered_ratio"), 0.756, {true, 1}), "75.6%");
  EXPECT_EQ(format_value(def("mean_duration"), 1.0, {false, 2}), "1.00 s");
}

TEST(ValueFormat, OtherTypesAndUnset) {
  EXPECT_EQ(format_value(def("flows"), FeatureValue{}), "-");
  EXPECT_EQ(format_value(def("client_internal"), true), "true");
  EXPECT_EQ(format_value(def("protocol"), std::string_view("http")), "http");
  EXPECT_EQ(format_value(def("client_addr"), test::ip("192.0.2.7")), "192.0.2.7");
}

}  // namespace
}  // namespace gp::rules
