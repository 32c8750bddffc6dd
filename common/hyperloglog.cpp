#include "common/hyperloglog.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace gp {

HyperLogLog::HyperLogLog(unsigned precision)
    : precision_(std::clamp(precision, kMinPrecision, kMaxPrecision)), registers_(std::size_t{1} << precision_, 0) {}

void HyperLogLog::add(std::uint64_t hash) noexcept {
  const auto index = static_cast<std::size_t>(hash >> (64U - precision_));
  // Rank of the first 1 bit in the remaining bits; a sentinel bit caps it at max_rank().
  const std::uint64_t rest = (hash << precision_) | (std::uint64_t{1} << (precision_ - 1U));
  const auto rank = static_cast<std::uint8_t>(std::countl_zero(rest) + 1);
  if (rank > registers_[index]) {
    registers_[index] = rank;
    estimate_valid_ = false;
  }
}

double HyperLogLog::estimate() const noexcept {
  if (estimate_valid_) return cached_estimate_;
  const auto m = static_cast<double>(registers_.size());
  double sum = 0.0;
  std::size_t zeros = 0;
  for (const std::uint8_t r : registers_) {
    sum += std::ldexp(1.0, -static_cast<int>(r));
    if (r == 0) ++zeros;
  }
  const double alpha = 0.7213 / (1.0 + 1.079 / m);
  double estimate = alpha * m * m / sum;
  // Linear counting while registers are still empty (the original paper's 5/2 m bound).
  if (estimate <= 2.5 * m && zeros > 0) estimate = m * std::log(m / static_cast<double>(zeros));
  cached_estimate_ = estimate;
  estimate_valid_ = true;
  return estimate;
}

void HyperLogLog::merge(const HyperLogLog& other) noexcept {
  if (other.precision_ != precision_) return;
  for (std::size_t i = 0; i < registers_.size(); ++i) registers_[i] = std::max(registers_[i], other.registers_[i]);
  estimate_valid_ = false;
}

double HyperLogLog::standard_error() const noexcept { return 1.04 / std::sqrt(static_cast<double>(registers_.size())); }

std::optional<HyperLogLog> HyperLogLog::from_registers(std::span<const std::uint8_t> registers) {
  if (!std::has_single_bit(registers.size())) return std::nullopt;
  const auto precision = static_cast<unsigned>(std::countr_zero(registers.size()));
  if (precision < kMinPrecision || precision > kMaxPrecision) return std::nullopt;
  HyperLogLog h(precision);
  const std::uint8_t top = h.max_rank();
  std::transform(registers.begin(), registers.end(), h.registers_.begin(),
                 [top](std::uint8_t r) { return std::min(r, top); });
  return h;
}

}  // namespace gp
