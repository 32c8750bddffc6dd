// Timeline: a timeline that keeps its few touched buckets as pairs reads the same as one that
// held every bucket from the start, however the shared clock widens between its additions.
#include "classify/scan/timeline.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace gp::scan {
namespace {

// Every bucket from the start, merged pairwise at each widening: the timeline's definition.
class DenseTimeline {
 public:
  void add(TimelineClock& clock, TimeNs t, std::uint32_t n) {
    const std::uint32_t b = clock.bucket(t);
    sync(clock);
    counts_[b] += n;
  }
  std::vector<std::uint32_t> counts(const TimelineClock& clock) {
    sync(clock);
    return counts_;
  }

 private:
  void sync(const TimelineClock& clock) {
    counts_.resize(clock.buckets, 0);
    for (; exp_ < clock.exp; ++exp_) {
      for (std::size_t i = 0; i < counts_.size(); ++i) {
        const std::size_t a = 2 * i;
        counts_[i] = (a < counts_.size() ? counts_[a] : 0) + (a + 1 < counts_.size() ? counts_[a + 1] : 0);
      }
    }
  }
  std::uint8_t exp_ = 0;
  std::vector<std::uint32_t> counts_;
};

constexpr TimeNs kSecond = TimelineClock::kBase;

TEST(Timeline, OneProbeLandsInTheFirstBucket) {
  TimelineClock clock;
  Timeline t;
  t.add(clock, 1'700'000'000 * kSecond);
  const std::vector<std::uint32_t> counts = t.counts(clock);
  ASSERT_EQ(counts.size(), 48U);
  EXPECT_EQ(counts[0], 1U);
  EXPECT_EQ(std::count(counts.begin(), counts.end(), 0U), 47);
}

TEST(Timeline, UntouchedTimelineReadsAsZeros) {
  TimelineClock clock;
  clock.buckets = 7;
  Timeline t;
  EXPECT_EQ(t.counts(clock), std::vector<std::uint32_t>(7, 0));
}

// Several timelines share one clock, as a detector's sources do: each is added to at its own
// moments (few buckets, many, before and after the clock widened, times that go backwards)
// and read at the end and in between.
TEST(Timeline, ReadsAsTheDenseDefinitionWhateverTheClockDoes) {
  std::mt19937_64 rng(20261206);
  for (int round = 0; round < 200; ++round) {
    TimelineClock clock;
    clock.buckets = std::uniform_int_distribution<std::uint32_t>(2, 64)(rng);
    constexpr std::size_t kSources = 6;
    std::vector<Timeline> timelines(kSources);
    std::vector<DenseTimeline> expected(kSources);
    // Small steps keep a source within a few buckets; large ones widen the clock.
    const TimeNs step = std::uniform_int_distribution<TimeNs>(0, 2)(rng) == 0 ? 30 * kSecond : kSecond / 4;
    TimeNs now = 1'000 * kSecond;
    const int additions = std::uniform_int_distribution<int>(1, 400)(rng);
    for (int i = 0; i < additions; ++i) {
      now += std::uniform_int_distribution<TimeNs>(-step / 8, step)(rng);
      const std::size_t source = std::uniform_int_distribution<std::size_t>(0, kSources - 1)(rng);
      const auto n = std::uniform_int_distribution<std::uint32_t>(1, 3)(rng);
      timelines[source].add(clock, now, n);
      expected[source].add(clock, now, n);
      if (i % 97 == 0) {
        ASSERT_EQ(timelines[source].counts(clock), expected[source].counts(clock)) << "round " << round;
      }
    }
    for (std::size_t s = 0; s < kSources; ++s) {
      ASSERT_EQ(timelines[s].counts(clock), expected[s].counts(clock)) << "round " << round << " source " << s;
    }
  }
}

// A clock widened many times over (a capture of years in 48 buckets) still compacts a timeline
// that was last touched at the start.
TEST(Timeline, CompactsAcrossManyWideningsAtOnce) {
  TimelineClock clock;
  Timeline early;
  DenseTimeline expected;
  for (int i = 0; i < 3; ++i) {
    early.add(clock, i * 5 * kSecond, 1);
    expected.add(clock, i * 5 * kSecond, 1);
  }
  Timeline late;
  late.add(clock, TimeNs{1} << 60, 1);  // the clock widens to its limit
  EXPECT_EQ(early.counts(clock), expected.counts(clock));
  EXPECT_EQ(early.counts(clock)[0], 3U);
}

}  // namespace
}  // namespace gp::scan
