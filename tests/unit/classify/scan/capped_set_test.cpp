// CappedSet: the scan window's "threshold reached" set keeps no more than its cap.
#include "classify/scan/capped_set.hpp"

#include <gtest/gtest.h>

namespace gp::scan {
namespace {

TEST(CappedSet, StopsAtItsCapAndCountsRepeatsOnce) {
  CappedSet s(15);
  for (std::uint64_t i = 0; i < 10; ++i) {
    s.add(i);
    s.add(i);
  }
  EXPECT_EQ(s.size(), 10U);
  EXPECT_FALSE(s.full());
  for (std::uint64_t i = 0; i < 100; ++i) s.add(i);
  EXPECT_EQ(s.size(), 15U);
  EXPECT_TRUE(s.full());
  s.clear();
  EXPECT_EQ(s.size(), 0U);
}

}  // namespace
}  // namespace gp::scan
