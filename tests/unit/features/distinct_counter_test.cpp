// DistinctCounter: exact while small (the thresholds rules test), a bounded estimate after,
// mergeable like the sketches sensors will exchange.
#include "classify/features/distinct_counter.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace gp {
namespace {

IpAddress v4(std::uint32_t n) {
  IpAddress a;
  const std::string text = std::to_string(10) + "." + std::to_string((n >> 16) & 255) + "." +
                           std::to_string((n >> 8) & 255) + "." + std::to_string(n & 255);
  EXPECT_TRUE(IpAddress::parse(text, a)) << text;
  return a;
}

TEST(DistinctCounter, ExactUpToTheLimitWhateverTheRepeats) {
  DistinctCounter c;
  for (int round = 0; round < 3; ++round) {
    for (std::uint32_t i = 0; i < DistinctCounter::kExactLimit; ++i) c.insert(v4(i));
  }
  EXPECT_TRUE(c.exact());
  EXPECT_EQ(c.size(), DistinctCounter::kExactLimit);
}

TEST(DistinctCounter, AddressesAndIntegersAreCountedSeparatelyFromEachOther) {
  DistinctCounter ports;
  for (std::uint64_t p : {22U, 80U, 443U, 80U, 22U}) ports.insert(p);
  EXPECT_EQ(ports.size(), 3U);
}

class DistinctCounterEstimate : public ::testing::TestWithParam<std::uint32_t> {};

// Four standard errors (4 x 4.6 %) bound the estimate for every size here; the hash is
// fixed, so the result is deterministic and the test cannot flake.
TEST_P(DistinctCounterEstimate, WithinFourStandardErrors) {
  const std::uint32_t n = GetParam();
  DistinctCounter c;
  for (std::uint32_t i = 0; i < n; ++i) c.insert(v4(i));
  for (std::uint32_t i = 0; i < n; i += 3) c.insert(v4(i));  // repeats change nothing
  EXPECT_FALSE(c.exact());
  const double error = std::abs(static_cast<double>(c.size()) - n) / n;
  EXPECT_LT(error, 4 * 1.04 / std::sqrt(static_cast<double>(DistinctCounter::kRegisters))) << c.size();
  EXPECT_GT(c.size(), DistinctCounter::kExactLimit);
}

INSTANTIATE_TEST_SUITE_P(Sizes, DistinctCounterEstimate, ::testing::Values(65U, 100U, 1000U, 20000U, 300000U));

TEST(DistinctCounter, MergeIsAUnion) {
  DistinctCounter a, b;
  for (std::uint32_t i = 0; i < 40; ++i) a.insert(v4(i));
  for (std::uint32_t i = 20; i < 60; ++i) b.insert(v4(i));
  DistinctCounter exact = a;
  exact.merge(b);
  EXPECT_TRUE(exact.exact());
  EXPECT_EQ(exact.size(), 60U);

  DistinctCounter big_a, big_b;
  for (std::uint32_t i = 0; i < 6000; ++i) big_a.insert(v4(i));
  for (std::uint32_t i = 4000; i < 10000; ++i) big_b.insert(v4(i));
  big_a.merge(big_b);
  big_a.merge(exact);  // already counted values add nothing
  EXPECT_NEAR(static_cast<double>(big_a.size()), 10000.0, 10000.0 * 4 * 0.046);
}

TEST(DistinctCounter, CopiesAreIndependent) {
  DistinctCounter a;
  for (std::uint32_t i = 0; i < 500; ++i) a.insert(v4(i));
  DistinctCounter b = a;
  for (std::uint32_t i = 500; i < 5000; ++i) b.insert(v4(i));
  EXPECT_LT(a.size(), 700U);
  EXPECT_GT(b.size(), 4000U);
}

}  // namespace
}  // namespace gp
