#include "report/time_format.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

namespace gp::report {
namespace {

std::string seconds(TimeNs t) {
  fmt::memory_buffer out;
  append_seconds(out, t);
  return fmt::to_string(out);
}

TEST(TimeFormat, SecondsHaveExactlySixDecimals) {
  EXPECT_EQ(seconds(1'300'475'167'096'535'000), "1300475167.096535");
  EXPECT_EQ(seconds(0), "0.000000");
  EXPECT_EQ(seconds(85'447'000), "0.085447");
  EXPECT_EQ(seconds(2'000'000'000), "2.000000");
}

TEST(TimeFormat, NanosecondsRoundToNearestMicrosecond) {
  EXPECT_EQ(seconds(1'499), "0.000001");
  EXPECT_EQ(seconds(1'500), "0.000002");
  EXPECT_EQ(seconds(999'999'999), "1.000000");
  EXPECT_EQ(seconds(-1'500), "-0.000002");
}

TEST(TimeFormat, DoubleSecondsPrintBackAsTheSixDecimalValue) {
  EXPECT_DOUBLE_EQ(to_seconds(1'300'475'167'096'535'000), 1300475167.096535);
  EXPECT_DOUBLE_EQ(to_seconds(85'447'000), 0.085447);
}

TEST(TimeFormat, HeaderStampIsZeekDateFormatInLocalTime) {
  setenv("TZ", "UTC", 1);
  tzset();
  fmt::memory_buffer out;
  append_header_stamp(out, 1'300'475'167'096'535'000);
  EXPECT_EQ(fmt::to_string(out), "2011-03-18-19-06-07");
}

}  // namespace
}  // namespace gp::report
