// The distinct counter and its sketch: exact while small (the thresholds rules and the scan
// detector test), an estimate within its documented error after, mergeable and rebuildable from
// the state sensors exchange. The hashes are fixed, so every result is deterministic.
#include "common/distinct_counter.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "common/hash.hpp"
#include "common/ip_address.hpp"
#include "tests/support/addresses.hpp"

namespace gp {
namespace {

IpAddress v4(std::uint32_t n) {
  return test::ip("10." + std::to_string((n >> 16) & 255) + "." + std::to_string((n >> 8) & 255) + "." +
                  std::to_string(n & 255));
}

// 200 synthetic sources per cardinality, each with its own keys (as different scanners touch
// different hosts): the RMS relative error stays within 1.5x the documented standard error
// and no source is off by more than 5 sigma.
TEST(HyperLogLog, ErrorWithinDocumentedBoundOverSyntheticSources) {
  for (const unsigned precision : {9U, 10U}) {
    for (const std::uint64_t n : {100ULL, 1'000ULL, 10'000ULL, 100'000ULL}) {
      double sum_sq = 0;
      double worst = 0;
      constexpr int kSources = 200;
      for (int src = 0; src < kSources; ++src) {
        HyperLogLog h(precision);
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
      const double se = HyperLogLog(precision).standard_error();
      EXPECT_LT(rms, 1.5 * se) << "precision " << precision << ", n=" << n;
      EXPECT_LT(worst, 5 * se) << "precision " << precision << ", n=" << n;
    }
  }
}

TEST(HyperLogLog, StandardErrorAndMemoryAreTheDocumentedOnes) {
  EXPECT_NEAR(HyperLogLog(10).standard_error(), 0.0325, 0.0001);
  EXPECT_EQ(HyperLogLog(10).memory_bytes(), 1024U);
  EXPECT_NEAR(HyperLogLog(9).standard_error(), 0.046, 0.0001);
  EXPECT_EQ(HyperLogLog(99).precision(), HyperLogLog::kMaxPrecision);
  EXPECT_EQ(HyperLogLog(0).precision(), HyperLogLog::kMinPrecision);
}

TEST(HyperLogLog, RebuildsFromRegistersOfAValidSizeOnly) {
  HyperLogLog h(9);
  for (std::uint64_t i = 0; i < 3000; ++i) h.add(mix64(i));
  const auto copy = HyperLogLog::from_registers(h.registers());
  ASSERT_TRUE(copy.has_value());
  EXPECT_EQ(copy->precision(), 9U);
  EXPECT_DOUBLE_EQ(copy->estimate(), h.estimate());

  EXPECT_FALSE(HyperLogLog::from_registers(std::vector<std::uint8_t>(500)).has_value());  // not a power of two
  EXPECT_FALSE(HyperLogLog::from_registers(std::vector<std::uint8_t>(8)).has_value());    // below the precision range
  const auto lowered = HyperLogLog::from_registers(std::vector<std::uint8_t>(512, 255));
  ASSERT_TRUE(lowered.has_value());
  EXPECT_EQ(lowered->registers()[0], lowered->max_rank());
}

TEST(DistinctCounter, ExactUpToTheLimitWhateverTheRepeats) {
  DistinctCounter c(64, 9);
  for (int round = 0; round < 3; ++round) {
    for (std::uint32_t i = 0; i < 64; ++i) EXPECT_EQ(c.add(v4(i).hash()), round == 0);
  }
  EXPECT_TRUE(c.exact());
  EXPECT_EQ(c.count(), 64U);
  EXPECT_EQ(c.keys().size(), 64U);
  EXPECT_TRUE(std::is_sorted(c.keys().begin(), c.keys().end()));
  c.add(v4(64).hash());  // one past the limit: a sketch, which never says less than it proved
  EXPECT_FALSE(c.exact());
  EXPECT_TRUE(c.keys().empty());
  EXPECT_GE(c.count(), 65U);
}

class DistinctCounterEstimate : public ::testing::TestWithParam<std::uint32_t> {};

// Four standard errors bound the estimate for every size here, at both precisions in use (the
// traffic model's 9, the scan detector's default 10).
TEST_P(DistinctCounterEstimate, WithinFourStandardErrors) {
  const std::uint32_t n = GetParam();
  for (const unsigned precision : {9U, 10U}) {
    DistinctCounter c(64, precision);
    for (std::uint32_t i = 0; i < n; ++i) c.add(v4(i).hash());
    for (std::uint32_t i = 0; i < n; i += 3) c.add(v4(i).hash());  // repeats change nothing
    EXPECT_FALSE(c.exact());
    const double error = std::abs(static_cast<double>(c.count()) - n) / n;
    EXPECT_LT(error, 4 * c.sketch()->standard_error()) << c.count() << " at precision " << precision;
    EXPECT_GT(c.count(), 64U);
  }
}

INSTANTIATE_TEST_SUITE_P(Sizes, DistinctCounterEstimate, ::testing::Values(65U, 100U, 1000U, 20000U, 300000U));

TEST(DistinctCounter, MergeIsAUnion) {
  DistinctCounter a(64, 9), b(64, 9);
  for (std::uint32_t i = 0; i < 40; ++i) a.add(i);
  for (std::uint32_t i = 20; i < 60; ++i) b.add(i);
  DistinctCounter exact = a;
  exact.merge(b);
  EXPECT_TRUE(exact.exact());
  EXPECT_EQ(exact.count(), 60U);

  DistinctCounter big_a(64, 9), big_b(64, 9);
  for (std::uint32_t i = 0; i < 6000; ++i) big_a.add(i);
  for (std::uint32_t i = 4000; i < 10000; ++i) big_b.add(i);
  big_a.merge(big_b);
  big_a.merge(exact);  // already counted values add nothing
  EXPECT_NEAR(static_cast<double>(big_a.count()), 10000.0, 10000.0 * 4 * 0.046);

  DistinctCounter once(64, 9);  // merging equals adding everything to one counter
  for (std::uint32_t i = 0; i < 10000; ++i) once.add(i);
  EXPECT_EQ(big_a.count(), once.count());
}

TEST(DistinctCounter, CopiesAreIndependent) {
  DistinctCounter a;
  for (std::uint32_t i = 0; i < 500; ++i) a.add(i);
  DistinctCounter b = a;
  for (std::uint32_t i = 500; i < 5000; ++i) b.add(i);
  EXPECT_LT(a.count(), 700U);
  EXPECT_GT(b.count(), 4000U);
}

// Each way of holding the keys (two in place, a heap array, a sketch) survives copies and
// moves into a counter that holds them another way, and a copy owns its own keys.
TEST(DistinctCounter, CopiesAndMovesInEveryState) {
  const auto filled = [](std::uint32_t n) {
    DistinctCounter c(64, 9);
    for (std::uint32_t i = 0; i < n; ++i) c.add(std::uint64_t{n - i} * 0x9e3779b97f4a7c15ULL);  // descending
    return c;
  };
  const std::vector<std::uint32_t> sizes{0, 1, 2, 3, 4, 5, 8, 9, 33, 64, 65, 500};
  for (const std::uint32_t n : sizes) {
    const DistinctCounter original = filled(n);
    EXPECT_EQ(original.exact(), n <= 64) << n;
    if (original.exact()) {
      EXPECT_EQ(original.count(), n);
    }
    EXPECT_TRUE(std::is_sorted(original.keys().begin(), original.keys().end()));
    for (const std::uint32_t m : sizes) {
      DistinctCounter copied = filled(m);
      copied = original;
      EXPECT_EQ(copied.count(), original.count()) << n << " over " << m;
      EXPECT_TRUE(
          std::equal(copied.keys().begin(), copied.keys().end(), original.keys().begin(), original.keys().end()));
      DistinctCounter moved = filled(m);
      DistinctCounter source = original;
      moved = std::move(source);
      EXPECT_EQ(moved.count(), original.count()) << n << " over " << m;
      const DistinctCounter constructed(std::move(moved));
      EXPECT_EQ(constructed.count(), original.count());
    }
    DistinctCounter copy = original;
    copy.add(1);  // a key none of them holds
    EXPECT_EQ(original.count(), filled(n).count());
    if (original.exact() && copy.exact()) {
      EXPECT_EQ(copy.count(), n + 1);
    }
  }
}

TEST(DistinctCounter, RebuildsFromItsState) {
  DistinctCounter exact(64, 9);
  for (std::uint64_t v = 0; v < 10; ++v) exact.add(v);
  const DistinctCounter copy = DistinctCounter::from_keys(exact.keys(), 64, 9);
  EXPECT_TRUE(copy.exact());
  EXPECT_EQ(copy.count(), 10U);
  EXPECT_EQ(exact.sketch(), nullptr);

  std::vector<std::uint64_t> many(100);
  for (std::size_t i = 0; i < many.size(); ++i) many[i] = i * 0x9e3779b97f4a7c15ULL;
  EXPECT_FALSE(DistinctCounter::from_keys(many, 64, 9).exact());  // past the limit: a sketch, as add() does

  DistinctCounter sketched(64, 9);
  for (std::uint64_t v = 0; v < 1000; ++v) sketched.add(v);
  ASSERT_NE(sketched.sketch(), nullptr);
  const DistinctCounter rebuilt = DistinctCounter::from_sketch(*sketched.sketch(), 64);
  EXPECT_EQ(rebuilt.count(), sketched.count());
  EXPECT_EQ(rebuilt.sketch()->precision(), 9U);
}

}  // namespace
}  // namespace gp
