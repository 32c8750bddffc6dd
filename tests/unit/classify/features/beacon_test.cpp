// Beacon regularity (RITA's idea: 1 - MAD / median of the intervals between starts): a timer
// scores near 1 whatever its jitter's sign, people and scanners do not.
#include "classify/features/beacon.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace gp {
namespace {

constexpr TimeNs kSecond = 1'000'000'000;

std::vector<TimeNs> periodic(std::size_t n, double interval_s, double jitter_fraction, std::uint32_t seed) {
  std::mt19937 rng(seed);  // mt19937 is specified exactly: the same numbers on every platform
  std::vector<TimeNs> starts;
  double t = 1000.0;
  for (std::size_t i = 0; i < n; ++i) {
    starts.push_back(static_cast<TimeNs>(t * 1e9));
    const double u = static_cast<double>(rng()) / static_cast<double>(std::mt19937::max());  // 0..1
    t += interval_s * (1.0 + jitter_fraction * (2.0 * u - 1.0));
  }
  return starts;
}

TEST(Beacon, FewerThanFourStartsSayNothing) {
  EXPECT_FALSE(beacon_stats({}).has_value());
  const std::vector<TimeNs> three{0, kSecond, 2 * kSecond};
  EXPECT_FALSE(beacon_stats(three).has_value());
  const std::vector<TimeNs> four{0, kSecond, 2 * kSecond, 3 * kSecond};
  EXPECT_TRUE(beacon_stats(four).has_value());
}

TEST(Beacon, PerfectTimerScoresOneWithItsInterval) {
  const auto b = beacon_stats(periodic(26, 60.0, 0.0, 1));
  ASSERT_TRUE(b.has_value());
  EXPECT_NEAR(b->score, 1.0, 1e-6);
  EXPECT_NEAR(b->median_interval, 60.0, 1e-6);
}

TEST(Beacon, OrderOfStartsDoesNotMatter) {
  auto starts = periodic(20, 2.5, 0.2, 3);
  const auto sorted = beacon_stats(starts);
  std::reverse(starts.begin(), starts.end());
  std::rotate(starts.begin(), starts.begin() + 7, starts.end());
  const auto shuffled = beacon_stats(starts);
  ASSERT_TRUE(sorted && shuffled);
  EXPECT_DOUBLE_EQ(sorted->score, shuffled->score);
  EXPECT_DOUBLE_EQ(sorted->median_interval, shuffled->median_interval);
}

// Uniform jitter of +-j around T: median T, MAD about j*T/2, so the score is about 1 - j/2.
TEST(Beacon, JitteredTimersStayRegular) {
  for (const std::uint32_t seed : {1U, 2U, 3U}) {
    const auto ten = beacon_stats(periodic(26, 1.5, 0.10, seed));
    const auto twenty = beacon_stats(periodic(26, 1.5, 0.20, seed));
    const auto thirty = beacon_stats(periodic(40, 0.3, 0.30, seed));
    ASSERT_TRUE(ten && twenty && thirty);
    EXPECT_GE(ten->score, 0.9) << seed;
    EXPECT_GE(twenty->score, 0.8) << seed;
    EXPECT_GE(thirty->score, 0.75) << seed;
    EXPECT_NEAR(ten->median_interval, 1.5, 0.15) << seed;
    EXPECT_NEAR(thirty->median_interval, 0.3, 0.09) << seed;
  }
}

// Exponential gaps (a Poisson process: people, scanners' retries) give MAD/median near 0.7.
TEST(Beacon, RandomArrivalsScoreLow) {
  for (const std::uint32_t seed : {1U, 2U, 3U, 4U}) {
    std::mt19937 rng(seed);
    std::vector<TimeNs> starts;
    double t = 0.0;
    for (int i = 0; i < 60; ++i) {
      starts.push_back(static_cast<TimeNs>(t * 1e9));
      const double u = (static_cast<double>(rng()) + 1.0) / (static_cast<double>(std::mt19937::max()) + 2.0);
      t += -10.0 * std::log(u);
    }
    const auto b = beacon_stats(starts);
    ASSERT_TRUE(b.has_value());
    EXPECT_LT(b->score, 0.6) << seed;
  }
}

// The median and MAD are robust: one manual connection between two check-ins (two odd
// intervals among 25) leaves the beacon a beacon.
TEST(Beacon, AnOutlierDoesNotHideATimer) {
  auto starts = periodic(26, 60.0, 0.0, 1);
  starts.push_back(starts[10] + 17 * kSecond);
  const auto b = beacon_stats(starts);
  ASSERT_TRUE(b.has_value());
  EXPECT_NEAR(b->median_interval, 60.0, 1e-6);
  EXPECT_NEAR(b->score, 1.0, 1e-6);
}

TEST(Beacon, SimultaneousStartsScoreZero) {
  const std::vector<TimeNs> same(6, 5 * kSecond);
  const auto b = beacon_stats(same);
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->score, 0.0);
  EXPECT_EQ(b->median_interval, 0.0);
}

TEST(Beacon, EvenIntervalCountUsesTheMeanOfTheMiddleTwo) {
  // Five starts, four intervals: 1, 2, 4, 8 s. Median 3 s; deviations 2, 1, 1, 5 -> MAD 1.5.
  const std::vector<TimeNs> starts{0, 1 * kSecond, 3 * kSecond, 7 * kSecond, 15 * kSecond};
  const auto b = beacon_stats(starts);
  ASSERT_TRUE(b.has_value());
  EXPECT_DOUBLE_EQ(b->median_interval, 3.0);
  EXPECT_DOUBLE_EQ(b->score, 0.5);
}

}  // namespace
}  // namespace gp
