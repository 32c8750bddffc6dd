// A coarse probe timeline of fixed size: N buckets whose width doubles (pairs merge) when
// time runs past the last one, so any capture length fits in the same memory. All
// timelines of one detector share the origin and the width (the clock's `exp`); a timeline
// behind the clock is compacted before it is added to or read.
//
// Most sources probe within a few buckets (one SYN, one burst), and a detector holds tens of
// thousands of them: up to kSparse touched buckets are kept inside the timeline as (bucket,
// count) pairs, and the N counters are allocated only when one more bucket is touched.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "common/time.hpp"

namespace gp::scan {

struct TimelineClock {
  TimeNs origin = 0;
  bool started = false;
  std::uint32_t buckets = 48;                     // at most 4096 (ScanConfig::timeline_buckets)
  std::uint8_t exp = 0;                           // width = base << exp
  static constexpr TimeNs kBase = 1'000'000'000;  // 1 s

  TimeNs width() const { return kBase << exp; }
  // Bucket index for `t`, widening the clock when needed.
  std::uint32_t bucket(TimeNs t);
};

class Timeline {
 public:
  void add(TimelineClock& clock, TimeNs t, std::uint32_t n = 1);
  // Counts at the clock's current width, one per bucket (compacts first).
  std::vector<std::uint32_t> counts(const TimelineClock& clock);

 private:
  static constexpr std::size_t kSparse = 4;

  void sync(const TimelineClock& clock);
  bool add_sparse(std::uint32_t bucket, std::uint32_t n);  // false: no room for another bucket

  std::uint8_t exp_ = 0;
  std::uint8_t sparse_size_ = 0;  // pairs in use while dense_ is empty
  std::array<std::uint16_t, kSparse> sparse_bucket_{};
  std::array<std::uint32_t, kSparse> sparse_count_{};
  std::vector<std::uint32_t> dense_;
};

}  // namespace gp::scan
