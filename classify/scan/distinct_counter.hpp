// Distinct count of 64-bit keys: exact while small, a HyperLogLog once it passes a limit.
// Most sources on a network touch a handful of ports and hosts, so their counts are exact
// and cost a few dozen bytes (the first two keys need no allocation); only the scanners pay
// for a sketch (1 KiB at the default precision) and get its 3.25 % standard error.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include <absl/container/inlined_vector.h>

#include "classify/scan/hyperloglog.hpp"

namespace gp::scan {

class DistinctCounter {
 public:
  explicit DistinctCounter(std::uint32_t exact_limit = 64, unsigned hll_precision = 10)
      : exact_limit_(exact_limit), precision_(hll_precision) {}

  // Returns true when the key was new (always false once estimating).
  bool add(std::uint64_t key);
  std::uint64_t count() const;
  bool exact() const { return sketch_ == nullptr; }
  // Exact keys while exact (for reports of small sets); empty once estimating.
  std::span<const std::uint64_t> keys() const { return {keys_.data(), keys_.size()}; }

 private:
  std::uint32_t exact_limit_;
  unsigned precision_;
  absl::InlinedVector<std::uint64_t, 2> keys_;  // sorted
  std::unique_ptr<HyperLogLog> sketch_;
};

// A set capped at `cap` members: enough to tell whether a threshold was reached within a
// window without keeping more than the threshold's worth of keys.
class CappedSet {
 public:
  explicit CappedSet(std::uint32_t cap = 16) : cap_(cap) {}
  void add(std::uint64_t key);
  std::uint32_t size() const { return static_cast<std::uint32_t>(keys_.size()); }
  bool full() const { return keys_.size() >= cap_; }
  void clear() { keys_.clear(); }

 private:
  std::uint32_t cap_;
  absl::InlinedVector<std::uint64_t, 2> keys_;
};

}  // namespace gp::scan
