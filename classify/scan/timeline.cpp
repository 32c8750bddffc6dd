#include "classify/scan/timeline.hpp"

#include <algorithm>

namespace gp::scan {

std::uint32_t TimelineClock::bucket(TimeNs t) {
  if (!started) {
    started = true;
    origin = t;
  }
  const TimeNs offset = std::max<TimeNs>(0, t - origin);
  while (offset / width() >= static_cast<TimeNs>(buckets) && exp < 40) ++exp;
  return static_cast<std::uint32_t>(std::min<TimeNs>(offset / width(), buckets - 1));
}

void Timeline::sync(const TimelineClock& clock) {
  if (counts_.size() != clock.buckets) counts_.resize(clock.buckets, 0);
  while (exp_ < clock.exp) {
    for (std::size_t i = 0; i < counts_.size(); ++i) {
      const std::size_t a = 2 * i;
      const std::uint32_t merged =
          (a < counts_.size() ? counts_[a] : 0) + (a + 1 < counts_.size() ? counts_[a + 1] : 0);
      counts_[i] = merged;
    }
    ++exp_;
  }
}

void Timeline::add(TimelineClock& clock, TimeNs t, std::uint32_t n) {
  const std::uint32_t b = clock.bucket(t);
  sync(clock);
  counts_[b] += n;
}

const std::vector<std::uint32_t>& Timeline::counts(const TimelineClock& clock) {
  sync(clock);
  return counts_;
}

}  // namespace gp::scan
