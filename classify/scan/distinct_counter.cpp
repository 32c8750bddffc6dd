#include "classify/scan/distinct_counter.hpp"

#include <algorithm>
#include <cmath>

namespace gp::scan {

bool DistinctCounter::add(std::uint64_t key) {
  if (sketch_) {
    sketch_->add(mix64(key));
    return false;
  }
  const auto it = std::lower_bound(keys_.begin(), keys_.end(), key);
  if (it != keys_.end() && *it == key) return false;
  keys_.insert(it, key);
  if (keys_.size() > exact_limit_) {
    sketch_ = std::make_unique<HyperLogLog>(precision_);
    for (const auto k : keys_) sketch_->add(mix64(k));
    decltype(keys_)().swap(keys_);
  }
  return true;
}

std::uint64_t DistinctCounter::count() const {
  if (!sketch_) return keys_.size();
  return static_cast<std::uint64_t>(std::llround(sketch_->estimate()));
}

void CappedSet::add(std::uint64_t key) {
  if (full()) return;
  const auto it = std::lower_bound(keys_.begin(), keys_.end(), key);
  if (it != keys_.end() && *it == key) return;
  keys_.insert(it, key);
}

}  // namespace gp::scan
