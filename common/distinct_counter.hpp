// How many distinct values (ports a source probed, clients of a service, …) in memory bounded
// whatever the input: exact up to `exact_limit` values, then a HyperLogLog of the given
// precision. Most counters on a network see a handful of values (the first held in place, the
// next few in a small array); only scanners and busy services pay for a sketch. Rules and scan
// thresholds test small numbers (">= 20 ports"), which stay exact. Counters of the same
// precision merge (a union), exactly while both are exact.
#pragma once

#include <cstdint>
#include <span>

#include "common/hyperloglog.hpp"

namespace gp {

class DistinctCounter {
 public:
  static constexpr std::uint32_t kMaxExactLimit = 0xffff;

  // `exact_limit` at most kMaxExactLimit (larger is taken as that).
  explicit DistinctCounter(std::uint32_t exact_limit = 64, unsigned precision = 10);
  DistinctCounter(const DistinctCounter& other);
  DistinctCounter& operator=(const DistinctCounter& other);
  DistinctCounter(DistinctCounter&& other) noexcept;
  DistinctCounter& operator=(DistinctCounter&& other) noexcept;
  ~DistinctCounter();

  // `key`: any 64-bit value ((ip_proto << 16) | port, IpAddress::hash()). Returns true when it
  // was new; always false once estimating.
  bool add(std::uint64_t key);
  // Exact while exact(); else the estimate, never below what the exact phase proved.
  std::uint64_t count() const;
  bool exact() const { return mode_ != Mode::sketch; }
  void merge(const DistinctCounter& other);

  std::uint32_t exact_limit() const { return exact_limit_; }
  // The state, to report or send elsewhere: the keys while exact (sorted; else empty), the
  // sketch once estimating (else null).
  std::span<const std::uint64_t> keys() const { return {key_data(), exact() ? size_ : 0}; }
  const HyperLogLog* sketch() const { return mode_ == Mode::sketch ? storage_.sketch : nullptr; }
  // Counters rebuilt from that state: past exact_limit keys the first becomes a sketch, as
  // add() would; the second keeps the sketch's precision.
  static DistinctCounter from_keys(std::span<const std::uint64_t> keys, std::uint32_t exact_limit, unsigned precision);
  static DistinctCounter from_sketch(HyperLogLog sketch, std::uint32_t exact_limit);

 private:
  // Every client, service and port of the traffic model has two or three counters, and every
  // tracked scan source a few more: 16 bytes each, so that the model's entries fit smaller
  // slots of their tables (a client's 112 -> 88 bytes). The storage holds the first key in
  // place (most services see one client), then a heap array of max(4, bit_ceil(size)) keys,
  // then the sketch (the keys freed).
  enum class Mode : std::uint8_t { inline_keys, heap_keys, sketch };
  static constexpr std::uint32_t kInlineKeys = 1;
  static constexpr std::uint32_t kFirstHeapCapacity = 4;
  union Storage {
    std::uint64_t inline_key;
    std::uint64_t* heap_keys;
    HyperLogLog* sketch;
  };

  const std::uint64_t* key_data() const { return mode_ == Mode::heap_keys ? storage_.heap_keys : &storage_.inline_key; }
  std::uint64_t* key_data() { return mode_ == Mode::heap_keys ? storage_.heap_keys : &storage_.inline_key; }
  std::uint32_t capacity() const;
  void grow();
  void start_estimating();
  void release() noexcept;  // frees what the storage points at; leaves it empty and exact
  void take(DistinctCounter& other) noexcept;

  Storage storage_{};
  std::uint32_t size_ = 0;  // keys held while exact
  std::uint16_t exact_limit_;
  std::uint8_t precision_;
  Mode mode_ = Mode::inline_keys;
};

}  // namespace gp
