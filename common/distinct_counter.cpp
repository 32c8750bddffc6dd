#include "common/distinct_counter.hpp"

#include <algorithm>
#include <cmath>

#include "common/hash.hpp"

namespace gp {

DistinctCounter::DistinctCounter(const DistinctCounter& other)
    : keys_(other.keys_),
      sketch_(other.sketch_ ? std::make_unique<HyperLogLog>(*other.sketch_) : nullptr),
      exact_limit_(other.exact_limit_),
      precision_(other.precision_) {}

DistinctCounter& DistinctCounter::operator=(const DistinctCounter& other) {
  if (this != &other) *this = DistinctCounter(other);
  return *this;
}

bool DistinctCounter::add(std::uint64_t key) {
  if (sketch_) {
    sketch_->add(mix64(key));
    return false;
  }
  const auto it = std::lower_bound(keys_.begin(), keys_.end(), key);
  if (it != keys_.end() && *it == key) return false;
  keys_.insert(it, key);
  if (keys_.size() > exact_limit_) start_estimating();
  return true;
}

void DistinctCounter::start_estimating() {
  sketch_ = std::make_unique<HyperLogLog>(precision_);
  for (const std::uint64_t k : keys_) sketch_->add(mix64(k));
  decltype(keys_)().swap(keys_);
}

std::uint64_t DistinctCounter::count() const {
  if (!sketch_) return keys_.size();
  return std::max<std::uint64_t>(std::uint64_t{exact_limit_} + 1,
                                 static_cast<std::uint64_t>(std::llround(sketch_->estimate())));
}

void DistinctCounter::merge(const DistinctCounter& other) {
  if (!other.sketch_) {
    for (const std::uint64_t k : other.keys_) add(k);
    return;
  }
  if (!sketch_) start_estimating();
  sketch_->merge(*other.sketch_);
}

DistinctCounter DistinctCounter::from_keys(std::span<const std::uint64_t> keys, std::uint32_t exact_limit,
                                           unsigned precision) {
  DistinctCounter c(exact_limit, precision);
  for (const std::uint64_t k : keys) c.add(k);
  return c;
}

DistinctCounter DistinctCounter::from_sketch(HyperLogLog sketch, std::uint32_t exact_limit) {
  DistinctCounter c(exact_limit, sketch.precision());
  c.sketch_ = std::make_unique<HyperLogLog>(std::move(sketch));
  return c;
}

}  // namespace gp
