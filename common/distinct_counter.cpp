#include "common/distinct_counter.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include "common/hash.hpp"

namespace gp {

static_assert(sizeof(DistinctCounter) == 16);

DistinctCounter::DistinctCounter(std::uint32_t exact_limit, unsigned precision)
    : exact_limit_(static_cast<std::uint16_t>(std::min(exact_limit, kMaxExactLimit))),
      precision_(static_cast<std::uint8_t>(precision)) {}

DistinctCounter::DistinctCounter(const DistinctCounter& other)
    : size_(other.size_), exact_limit_(other.exact_limit_), precision_(other.precision_), mode_(other.mode_) {
  switch (mode_) {
    case Mode::inline_keys: storage_ = other.storage_; break;
    case Mode::heap_keys:
      storage_.heap_keys = new std::uint64_t[capacity()];
      std::copy_n(other.storage_.heap_keys, size_, storage_.heap_keys);
      break;
    case Mode::sketch: storage_.sketch = new HyperLogLog(*other.storage_.sketch); break;
  }
}

DistinctCounter& DistinctCounter::operator=(const DistinctCounter& other) {
  if (this != &other) *this = DistinctCounter(other);
  return *this;
}

DistinctCounter::DistinctCounter(DistinctCounter&& other) noexcept
    : exact_limit_(other.exact_limit_), precision_(other.precision_) {
  take(other);
}

DistinctCounter& DistinctCounter::operator=(DistinctCounter&& other) noexcept {
  if (this != &other) {
    release();
    exact_limit_ = other.exact_limit_;
    precision_ = other.precision_;
    take(other);
  }
  return *this;
}

DistinctCounter::~DistinctCounter() { release(); }

void DistinctCounter::take(DistinctCounter& other) noexcept {
  storage_ = other.storage_;
  size_ = other.size_;
  mode_ = other.mode_;
  other.storage_ = Storage{};
  other.size_ = 0;
  other.mode_ = Mode::inline_keys;
}

void DistinctCounter::release() noexcept {
  if (mode_ == Mode::heap_keys) delete[] storage_.heap_keys;
  if (mode_ == Mode::sketch) delete storage_.sketch;
  storage_ = Storage{};
  size_ = 0;
  mode_ = Mode::inline_keys;
}

std::uint32_t DistinctCounter::capacity() const {
  return mode_ == Mode::inline_keys ? kInlineKeys : std::max(kFirstHeapCapacity, std::bit_ceil(size_));
}

void DistinctCounter::grow() {
  const std::uint32_t bigger = mode_ == Mode::inline_keys ? kFirstHeapCapacity : capacity() * 2;
  auto* keys = new std::uint64_t[bigger];
  std::copy_n(key_data(), size_, keys);
  if (mode_ == Mode::heap_keys) delete[] storage_.heap_keys;
  storage_.heap_keys = keys;
  mode_ = Mode::heap_keys;
}

bool DistinctCounter::add(std::uint64_t key) {
  if (mode_ == Mode::sketch) {
    storage_.sketch->add(mix64(key));
    return false;
  }
  const std::uint64_t* begin = key_data();
  const std::uint32_t at = static_cast<std::uint32_t>(std::lower_bound(begin, begin + size_, key) - begin);
  if (at < size_ && begin[at] == key) return false;
  if (size_ == capacity()) grow();
  std::uint64_t* keys = key_data();
  std::copy_backward(keys + at, keys + size_, keys + size_ + 1);
  keys[at] = key;
  ++size_;
  if (size_ > exact_limit_) start_estimating();
  return true;
}

void DistinctCounter::start_estimating() {
  auto* sketch = new HyperLogLog(precision_);
  for (const std::uint64_t k : keys()) sketch->add(mix64(k));
  release();
  storage_.sketch = sketch;
  mode_ = Mode::sketch;
}

std::uint64_t DistinctCounter::count() const {
  if (exact()) return size_;
  return std::max<std::uint64_t>(std::uint64_t{exact_limit_} + 1,
                                 static_cast<std::uint64_t>(std::llround(storage_.sketch->estimate())));
}

void DistinctCounter::merge(const DistinctCounter& other) {
  if (other.exact()) {
    if (&other == this) return;  // a union with itself
    for (const std::uint64_t k : other.keys()) add(k);
    return;
  }
  if (exact()) start_estimating();
  storage_.sketch->merge(*other.storage_.sketch);
}

DistinctCounter DistinctCounter::from_keys(std::span<const std::uint64_t> keys, std::uint32_t exact_limit,
                                           unsigned precision) {
  DistinctCounter c(exact_limit, precision);
  for (const std::uint64_t k : keys) c.add(k);
  return c;
}

DistinctCounter DistinctCounter::from_sketch(HyperLogLog sketch, std::uint32_t exact_limit) {
  DistinctCounter c(exact_limit, sketch.precision());
  c.storage_.sketch = new HyperLogLog(std::move(sketch));
  c.mode_ = Mode::sketch;
  return c;
}

}  // namespace gp
