// A coarse probe timeline of fixed size: N buckets whose width doubles (pairs merge) when
// time runs past the last one, so any capture length fits in the same memory. All
// timelines of one detector share the origin and the width (the clock's `exp`); a timeline
// behind the clock is compacted before it is added to or read.
#pragma once

#include <cstdint>
#include <vector>

#include "common/time.hpp"

namespace gp::scan {

struct TimelineClock {
  TimeNs origin = 0;
  bool started = false;
  std::uint32_t buckets = 48;
  std::uint8_t exp = 0;                           // width = base << exp
  static constexpr TimeNs kBase = 1'000'000'000;  // 1 s

  TimeNs width() const { return kBase << exp; }
  // Bucket index for `t`, widening the clock when needed.
  std::uint32_t bucket(TimeNs t);
};

class Timeline {
 public:
  void add(TimelineClock& clock, TimeNs t, std::uint32_t n = 1);
  // Counts at the clock's current width (compacts first).
  const std::vector<std::uint32_t>& counts(const TimelineClock& clock);

 private:
  void sync(const TimelineClock& clock);
  std::uint8_t exp_ = 0;
  std::vector<std::uint32_t> counts_;
};

}  // namespace gp::scan
