#include "classify/scan/hyperloglog.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace gp::scan {

HyperLogLog::HyperLogLog(unsigned precision)
    : precision_(std::clamp(precision, 4U, 16U)), registers_(std::size_t{1} << precision_, 0) {}

void HyperLogLog::add(std::uint64_t hash) noexcept {
  const std::size_t index = static_cast<std::size_t>(hash >> (64U - precision_));
  // Rank of the first 1 bit in the remaining bits; a sentinel bit caps it at 64 - p + 1.
  const std::uint64_t rest = (hash << precision_) | (std::uint64_t{1} << (precision_ - 1U));
  const auto rank = static_cast<std::uint8_t>(std::countl_zero(rest) + 1);
  registers_[index] = std::max(registers_[index], rank);
}

double HyperLogLog::estimate() const noexcept {
  const double m = static_cast<double>(registers_.size());
  double sum = 0.0;
  std::size_t zeros = 0;
  for (const std::uint8_t r : registers_) {
    sum += std::ldexp(1.0, -static_cast<int>(r));
    if (r == 0) ++zeros;
  }
  const double alpha = 0.7213 / (1.0 + 1.079 / m);
  const double raw = alpha * m * m / sum;
  // Linear counting while registers are still empty (the original paper's 5/2 m bound).
  if (raw <= 2.5 * m && zeros > 0) return m * std::log(m / static_cast<double>(zeros));
  return raw;
}

void HyperLogLog::merge(const HyperLogLog& other) noexcept {
  if (other.precision_ != precision_) return;
  for (std::size_t i = 0; i < registers_.size(); ++i) {
    registers_[i] = std::max(registers_[i], other.registers_[i]);
  }
}

double HyperLogLog::standard_error() const noexcept {
  return 1.04 / std::sqrt(static_cast<double>(registers_.size()));
}

}  // namespace gp::scan
