// The sketch's error, measured: synthetic sources with known distinct counts.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "classify/scan/distinct_counter.hpp"
#include "classify/scan/hyperloglog.hpp"

namespace gp::scan {
namespace {

// 200 synthetic sources per cardinality, each with its own keys (as different scanners
// touch different hosts): the RMS relative error must stay within 1.5x the documented
// standard error (3.25 % at precision 10) and no source may be off by more than 5 sigma.
TEST(HyperLogLog, ErrorWithinDocumentedBoundOverSyntheticSources) {
  for (const std::uint64_t n : {100ULL, 1'000ULL, 10'000ULL, 100'000ULL}) {
    double sum_sq = 0;
    double worst = 0;
    constexpr int kSources = 200;
    for (int src = 0; src < kSources; ++src) {
      HyperLogLog h(10);
      const std::uint64_t base = static_cast<std::uint64_t>(src) << 40;
      for (std::uint64_t i = 0; i < n; ++i) {
        h.add(mix64(base + i));
        if (i % 3 == 0) h.add(mix64(base + i));  // duplicates must not count
      }
      const double rel = (h.estimate() - static_cast<double>(n)) / static_cast<double>(n);
      sum_sq += rel * rel;
      worst = std::max(worst, std::abs(rel));
    }
    const double rms = std::sqrt(sum_sq / kSources);
    const double se = HyperLogLog(10).standard_error();
    std::printf("n=%llu rms=%.4f worst=%.4f documented=%.4f\n", static_cast<unsigned long long>(n), rms, worst, se);
    EXPECT_LT(rms, 1.5 * se) << "n=" << n;
    EXPECT_LT(worst, 5 * se) << "n=" << n;
  }
}

TEST(HyperLogLog, StandardErrorIsTheDocumentedFormula) {
  EXPECT_NEAR(HyperLogLog(10).standard_error(), 0.0325, 0.0001);
  EXPECT_EQ(HyperLogLog(10).memory_bytes(), 1024U);
}

TEST(DistinctCounter, ExactBelowLimitThenEstimates) {
  DistinctCounter c(64, 10);
  for (std::uint64_t i = 0; i < 64; ++i) {
    c.add(i);
    c.add(i);
  }
  EXPECT_TRUE(c.exact());
  EXPECT_EQ(c.count(), 64U);
  for (std::uint64_t i = 64; i < 5000; ++i) c.add(i);
  EXPECT_FALSE(c.exact());
  EXPECT_NEAR(static_cast<double>(c.count()), 5000.0, 5000.0 * 0.0325 * 4);
}

TEST(DistinctCounter, CappedSetStopsAtItsCap) {
  CappedSet s(15);
  for (std::uint64_t i = 0; i < 100; ++i) s.add(i);
  EXPECT_EQ(s.size(), 15U);
  EXPECT_TRUE(s.full());
}

}  // namespace
}  // namespace gp::scan
