#include "classify/features/distinct_counter.hpp"

#include <xxhash.h>

#include <algorithm>
#include <bit>
#include <cmath>

namespace gp {

DistinctCounter::DistinctCounter(const DistinctCounter& other)
    : hashes_(other.hashes_),
      registers_(other.registers_ ? std::make_unique<Registers>(*other.registers_)
                                  : nullptr) {}

DistinctCounter& DistinctCounter::operator=(const DistinctCounter& other) {
  if (this != &other) *this = DistinctCounter(other);
  return *this;
}

void DistinctCounter::insert(const IpAddress& a) { insert_hash(XXH3_64bits(a.bytes().data(), a.bytes().size())); }

void DistinctCounter::insert(std::uint64_t value) { insert_hash(XXH3_64bits(&value, sizeof value)); }

void DistinctCounter::insert_hash(std::uint64_t hash) {
  if (registers_ != nullptr) {
    add_to_registers(hash);
    return;
  }
  if (std::find(hashes_.begin(), hashes_.end(), hash) != hashes_.end()) return;
  if (hashes_.size() < kExactLimit) {
    hashes_.push_back(hash);
    return;
  }
  switch_to_sketch();
  add_to_registers(hash);
}

void DistinctCounter::add_to_registers(std::uint64_t hash) {
  const std::size_t index = hash >> (64 - kRegisterBits);
  const std::uint64_t rest = hash << kRegisterBits;
  // Rank: position of the first 1 bit in what remains (all zero: the longest possible run).
  const unsigned leading = rest == 0 ? 64U - kRegisterBits : static_cast<unsigned>(std::countl_zero(rest));
  const auto rank = static_cast<std::uint8_t>(leading + 1U);
  std::uint8_t& r = (*registers_)[index];
  if (rank > r) {
    r = rank;
    estimate_valid_ = false;
  }
}

void DistinctCounter::switch_to_sketch() {
  registers_ = std::make_unique<Registers>();
  for (std::uint64_t h : hashes_) add_to_registers(h);
  decltype(hashes_)().swap(hashes_);
}

std::uint64_t DistinctCounter::size() const {
  if (registers_ == nullptr) return hashes_.size();
  if (!estimate_valid_) {
    cached_estimate_ = estimate();
    estimate_valid_ = true;
  }
  return cached_estimate_;
}

std::uint64_t DistinctCounter::estimate() const {
  constexpr double m = static_cast<double>(kRegisters);
  const double alpha = 0.7213 / (1.0 + 1.079 / m);
  double sum = 0.0;
  std::size_t zeros = 0;
  for (std::uint8_t r : *registers_) {
    sum += std::ldexp(1.0, -static_cast<int>(r));
    zeros += r == 0 ? 1U : 0U;
  }
  double estimate = alpha * m * m / sum;
  // Small range: linear counting is the better estimator while registers are still empty.
  if (estimate <= 2.5 * m && zeros > 0) estimate = m * std::log(m / static_cast<double>(zeros));
  // Never below what the exact phase already proved.
  return std::max<std::uint64_t>(kExactLimit + 1, static_cast<std::uint64_t>(std::llround(estimate)));
}

DistinctCounter DistinctCounter::from_hashes(std::span<const std::uint64_t> hashes) {
  DistinctCounter c;
  for (std::uint64_t h : hashes) c.insert_hash(h);
  return c;
}

DistinctCounter DistinctCounter::from_registers(const Registers& registers) {
  DistinctCounter c;
  c.registers_ = std::make_unique<Registers>();
  for (std::size_t i = 0; i < kRegisters; ++i) (*c.registers_)[i] = std::min(registers[i], kMaxRank);
  return c;
}

void DistinctCounter::merge(const DistinctCounter& other) {
  if (other.registers_ == nullptr) {
    for (std::uint64_t h : other.hashes_) insert_hash(h);
    return;
  }
  if (registers_ == nullptr) switch_to_sketch();
  for (std::size_t i = 0; i < kRegisters; ++i) (*registers_)[i] = std::max((*registers_)[i], (*other.registers_)[i]);
  estimate_valid_ = false;
}

}  // namespace gp
