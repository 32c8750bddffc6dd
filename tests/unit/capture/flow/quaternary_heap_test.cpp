// The timer queue's heap against std::priority_queue: the same entries in the same order,
// through interleaved pushes and pops, duplicate due times and a sweep (erase_if).
#include <gtest/gtest.h>

#include <cstdint>
#include <queue>
#include <random>
#include <vector>

#include "capture/flow/quaternary_heap.hpp"

namespace gp {
namespace {

struct Timer {
  std::int64_t at = 0;
  std::uint64_t seq = 0;  // unique: breaks ties as the flow table's timers do
};
struct TimerLater {
  bool operator()(const Timer& a, const Timer& b) const { return a.at != b.at ? a.at > b.at : a.seq > b.seq; }
};
using Reference = std::priority_queue<Timer, std::vector<Timer>, TimerLater>;

void expect_same_pop(QuaternaryHeap<Timer, TimerLater>& heap, Reference& reference) {
  ASSERT_EQ(heap.size(), reference.size());
  ASSERT_FALSE(heap.empty());
  EXPECT_EQ(heap.top().seq, reference.top().seq);
  const Timer popped = heap.pop();
  EXPECT_EQ(popped.at, reference.top().at);
  EXPECT_EQ(popped.seq, reference.top().seq);
  reference.pop();
}

TEST(QuaternaryHeap, PopsInTheOrderOfAnyPriorityQueue) {
  std::mt19937_64 rng(7);
  // Few distinct due times, so most orderings are decided by the tie-break.
  std::uniform_int_distribution<std::int64_t> due(0, 50);
  QuaternaryHeap<Timer, TimerLater> heap;
  Reference reference;
  std::uint64_t seq = 0;
  for (int round = 0; round < 20'000; ++round) {
    if (reference.empty() || rng() % 3 != 0) {
      const Timer t{due(rng), seq++};
      heap.push(t);
      reference.push(t);
    } else {
      expect_same_pop(heap, reference);
    }
  }
  while (!reference.empty()) expect_same_pop(heap, reference);
  EXPECT_TRUE(heap.empty());
}

TEST(QuaternaryHeap, SweepKeepsTheRestInOrder) {
  std::mt19937_64 rng(11);
  QuaternaryHeap<Timer, TimerLater> heap;
  Reference reference;
  for (std::uint64_t seq = 0; seq < 5'000; ++seq) {
    const Timer t{static_cast<std::int64_t>(rng() % 1'000), seq};
    heap.push(t);
    if (seq % 3 != 0) reference.push(t);  // what survives the sweep below
  }
  heap.erase_if([](const Timer& t) { return t.seq % 3 == 0; });
  while (!reference.empty()) expect_same_pop(heap, reference);
  EXPECT_TRUE(heap.empty());
}

TEST(QuaternaryHeap, SweepToOneOrNoneAndClear) {
  QuaternaryHeap<Timer, TimerLater> heap;
  for (std::uint64_t seq = 0; seq < 10; ++seq) heap.push(Timer{static_cast<std::int64_t>(10 - seq), seq});
  heap.erase_if([](const Timer& t) { return t.seq != 4; });
  ASSERT_EQ(heap.size(), 1U);
  EXPECT_EQ(heap.pop().seq, 4U);
  heap.push(Timer{1, 1});
  heap.erase_if([](const Timer&) { return true; });
  EXPECT_TRUE(heap.empty());
  heap.push(Timer{1, 1});
  heap.clear();
  EXPECT_TRUE(heap.empty());
}

}  // namespace
}  // namespace gp
