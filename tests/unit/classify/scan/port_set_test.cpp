// PortSet: exact distinct (protocol, port) counts at any size, bounded by a shared budget of
// bitmaps, and an estimate, said so, once the budget is spent.
#include "classify/scan/port_set.hpp"

#include <gtest/gtest.h>

namespace gp::scan {
namespace {

constexpr std::uint32_t tcp(std::uint32_t port) { return (6U << 16) | port; }
constexpr std::uint32_t udp(std::uint32_t port) { return (17U << 16) | port; }

// nmap's default scan: 1000 ports, each probed twice (a retry); a HyperLogLog said ~1020.
TEST(PortSet, CountsAThousandPortsExactly) {
  PortBitmapBudget budget{8, 0};
  PortSet set(64, 10, &budget);
  for (int round = 0; round < 2; ++round) {
    for (std::uint32_t p = 1; p <= 1000; ++p) EXPECT_EQ(set.add(tcp(p)), round == 0);
  }
  EXPECT_TRUE(set.exact());
  EXPECT_EQ(set.count(), 1000U);
  EXPECT_EQ(budget.left, 7U);  // one bitmap: TCP only
}

TEST(PortSet, EveryPortOfTwoProtocols) {
  PortBitmapBudget budget{8, 0};
  {
    PortSet set(64, 10, &budget);
    for (std::uint32_t p = 0; p <= 65535; ++p) {
      set.add(tcp(p));
      set.add(udp(p));
    }
    EXPECT_EQ(set.count(), 131072U);
    EXPECT_TRUE(set.exact());
    EXPECT_EQ(budget.left, 6U);
  }
  EXPECT_EQ(budget.left, 8U);  // given back when the set goes
}

TEST(PortSet, SmallSetsTakeNoBitmap) {
  PortBitmapBudget budget{1, 0};
  PortSet set(64, 10, &budget);
  for (std::uint32_t p = 1; p <= 64; ++p) set.add(udp(p));
  EXPECT_EQ(set.count(), 64U);
  EXPECT_EQ(budget.left, 1U);
}

// The budget spent: the set estimates (within the sketch's error), says so, is counted, and
// returns the bitmap it held.
TEST(PortSet, EstimatesOnceTheBudgetIsSpent) {
  PortBitmapBudget budget{1, 0};
  PortSet first(64, 10, &budget);
  for (std::uint32_t p = 1; p <= 500; ++p) first.add(tcp(p));
  EXPECT_TRUE(first.exact());
  EXPECT_EQ(budget.left, 0U);

  PortSet second(64, 10, &budget);
  for (std::uint32_t p = 1; p <= 500; ++p) second.add(udp(p));
  EXPECT_FALSE(second.exact());
  EXPECT_EQ(budget.refused, 1U);
  EXPECT_NEAR(static_cast<double>(second.count()), 500.0, 500.0 * 0.15);

  // The first set meets a second protocol: no bitmap left, so it estimates too, and its TCP
  // bitmap goes back to the budget.
  first.add(udp(1));
  EXPECT_FALSE(first.exact());
  EXPECT_EQ(budget.left, 1U);
  EXPECT_NEAR(static_cast<double>(first.count()), 501.0, 501.0 * 0.15);
}

TEST(PortSet, WithoutABudgetItEstimatesPastTheList) {
  PortSet set(4, 10, nullptr);
  for (std::uint32_t p = 1; p <= 4; ++p) set.add(tcp(p));
  EXPECT_TRUE(set.exact());
  set.add(tcp(5));
  EXPECT_FALSE(set.exact());
  EXPECT_EQ(set.count(), 5U);  // the sketch is exact-ish at this size
}

}  // namespace
}  // namespace gp::scan
