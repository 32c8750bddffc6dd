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
  if (exp_ >= clock.exp) return;
  const unsigned shift = clock.exp - exp_;
  exp_ = clock.exp;
  if (!dense_.empty()) {
    // Bucket b's count moves to b >> shift: the pairs merge, as often as the clock widened.
    const std::size_t n = dense_.size();
    for (std::size_t b = 0; b < n; ++b) {
      const std::uint32_t count = dense_[b];
      dense_[b] = 0;
      dense_[b >> shift] += count;
    }
    return;
  }
  const std::uint8_t before = sparse_size_;
  sparse_size_ = 0;
  for (std::size_t i = 0; i < before; ++i) {
    // Never more buckets than before, so always room.
    add_sparse(static_cast<std::uint32_t>(std::uint64_t{sparse_bucket_[i]} >> shift), sparse_count_[i]);
  }
}

bool Timeline::add_sparse(std::uint32_t bucket, std::uint32_t n) {
  for (std::size_t i = 0; i < sparse_size_; ++i) {
    if (sparse_bucket_[i] == bucket) {
      sparse_count_[i] += n;
      return true;
    }
  }
  if (sparse_size_ == kSparse) return false;
  sparse_bucket_[sparse_size_] = static_cast<std::uint16_t>(bucket);
  sparse_count_[sparse_size_] = n;
  ++sparse_size_;
  return true;
}

void Timeline::add(TimelineClock& clock, TimeNs t, std::uint32_t n) {
  const std::uint32_t b = clock.bucket(t);
  sync(clock);
  if (dense_.empty()) {
    if (add_sparse(b, n)) return;
    dense_.assign(clock.buckets, 0);
    for (std::size_t i = 0; i < sparse_size_; ++i) dense_[sparse_bucket_[i]] += sparse_count_[i];
    sparse_size_ = 0;
  }
  dense_[b] += n;
}

std::vector<std::uint32_t> Timeline::counts(const TimelineClock& clock) {
  sync(clock);
  if (!dense_.empty()) return dense_;
  std::vector<std::uint32_t> out(clock.buckets, 0);
  for (std::size_t i = 0; i < sparse_size_; ++i) out[sparse_bucket_[i]] += sparse_count_[i];
  return out;
}

}  // namespace gp::scan
