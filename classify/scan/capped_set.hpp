// A set capped at `cap` members: enough to tell whether a threshold was reached within a
// window without keeping more than the threshold's worth of keys.
#pragma once

#include <algorithm>
#include <cstdint>

#include <absl/container/inlined_vector.h>

namespace gp::scan {

class CappedSet {
 public:
  explicit CappedSet(std::uint32_t cap = 16) : cap_(cap) {}
  void add(std::uint64_t key) {
    if (full()) return;
    const auto it = std::lower_bound(keys_.begin(), keys_.end(), key);
    if (it == keys_.end() || *it != key) keys_.insert(it, key);
  }
  std::uint32_t size() const { return static_cast<std::uint32_t>(keys_.size()); }
  bool full() const { return keys_.size() >= cap_; }
  void clear() { keys_.clear(); }

 private:
  std::uint32_t cap_;
  absl::InlinedVector<std::uint64_t, 2> keys_;  // sorted
};

}  // namespace gp::scan
