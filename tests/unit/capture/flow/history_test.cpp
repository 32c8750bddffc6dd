#include "capture/flow/history.hpp"

#include <gtest/gtest.h>

namespace gp {

TEST(History, LetterOncePerKindAndSide) {
  History h;
  EXPECT_FALSE(h.check(hist::kSyn, 'S', true));
  EXPECT_TRUE(h.check(hist::kSyn, 'S', true));
  EXPECT_FALSE(h.check(hist::kSyn, 'H', false));
  EXPECT_EQ(h.letters(), "Sh");
}

TEST(History, RepeatedEventsScaleByTen) {
  History h;
  ScaledCounter c;
  for (int i = 0; i < 150; ++i) h.scaled('T', true, c);
  EXPECT_EQ(h.letters(), "TTT");  // at 1, 10 and 100 retransmissions
}

TEST(History, FlipAppendsCaret) {
  History h;
  h.flip();
  h.check(hist::kData, 'D', false);
  EXPECT_EQ(h.letters(), "^d");
}

}  // namespace gp
