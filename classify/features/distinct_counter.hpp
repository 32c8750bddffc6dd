// How many distinct values (clients of a port, ports a source touched, …) in bounded memory,
// whatever the input: exact up to kExactLimit values, then a HyperLogLog estimate
// (Flajolet et al. 2007; 512 registers, standard error 1.04/sqrt(512) ≈ 4.6 %). Rules test
// small thresholds (">= 20 ports"), which stay exact; a flood of spoofed sources costs each
// counter at most about 1 KiB. Counters merge (union), exactly while both are exact.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>

#include <absl/container/inlined_vector.h>

#include "capture/decode/ip_address.hpp"

namespace gp {

class DistinctCounter {
 public:
  static constexpr std::size_t kExactLimit = 64;
  static constexpr unsigned kRegisterBits = 9;
  static constexpr std::size_t kRegisters = std::size_t{1} << kRegisterBits;
  static constexpr std::uint8_t kMaxRank = 64 - kRegisterBits + 1;  // largest register value
  using Registers = std::array<std::uint8_t, kRegisters>;

  DistinctCounter() = default;
  DistinctCounter(const DistinctCounter& other);
  DistinctCounter& operator=(const DistinctCounter& other);
  DistinctCounter(DistinctCounter&&) noexcept = default;
  DistinctCounter& operator=(DistinctCounter&&) noexcept = default;
  ~DistinctCounter() = default;

  void insert(const IpAddress& a);
  void insert(std::uint64_t value);  // any integer key (e.g. (ip_proto << 16) | port)

  // The count: exact while exact(), else the HyperLogLog estimate, rounded.
  std::uint64_t size() const;
  bool exact() const { return registers_ == nullptr; }

  // Adds every value `other` counted.
  void merge(const DistinctCounter& other);

  // The state, to send elsewhere: the value hashes while exact (else empty), the sketch's
  // registers once not (else null).
  std::span<const std::uint64_t> exact_hashes() const { return {hashes_.data(), hashes_.size()}; }
  const Registers* registers() const { return registers_.get(); }
  // Counters rebuilt from that state. Past kExactLimit distinct hashes the first becomes a
  // sketch, as insert() would; register values above kMaxRank are lowered to it.
  static DistinctCounter from_hashes(std::span<const std::uint64_t> hashes);
  static DistinctCounter from_registers(const Registers& registers);

 private:
  void insert_hash(std::uint64_t hash);
  void add_to_registers(std::uint64_t hash);
  void switch_to_sketch();

  std::uint64_t estimate() const;

  // Exact mode: distinct value hashes, unsorted. Most ports, services and clients see one
  // or two values, held in place (no allocation) in the vector's own footprint.
  absl::InlinedVector<std::uint64_t, 2> hashes_;
  std::unique_ptr<Registers> registers_;
  // The sketch's estimate costs a pass over the registers; features ask for it once per
  // conversation, so it is kept until a register changes.
  mutable std::uint64_t cached_estimate_ = 0;
  mutable bool estimate_valid_ = false;
};

}  // namespace gp
