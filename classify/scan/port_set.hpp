// The distinct (IP protocol, port) pairs a source probed, counted exactly: a sorted list while
// short, then one 8 KiB bitmap per IP protocol seen (a port is 16 bits, so a bitmap holds the
// whole space and the count stays exact, 1000 for nmap's top 1000, at any size). Bitmaps come
// from a budget the scan detector shares between its sources (ScanConfig::port_bitmaps), so
// memory stays bounded by configuration; a set that finds the budget spent goes on with a
// HyperLogLog estimate, says so (exact() false), and the budget counts it.
#pragma once

#include <array>
#include <cstdint>
#include <memory>

#include <absl/container/inlined_vector.h>

#include "common/hyperloglog.hpp"

namespace gp::scan {

struct PortBitmapBudget {
  std::uint64_t left = 0;     // bitmaps that may still be taken
  std::uint64_t refused = 0;  // sets that wanted one when none was left (they estimate)
};

class PortSet {
 public:
  // `budget` null: no bitmaps (estimates past `list_limit`, as a plain distinct counter).
  PortSet(std::uint32_t list_limit, unsigned hll_precision, PortBitmapBudget* budget)
      : list_limit_(list_limit), precision_(hll_precision), budget_(budget) {}
  ~PortSet();
  PortSet(const PortSet&) = delete;
  PortSet& operator=(const PortSet&) = delete;

  // key: (ip_proto << 16) | port. Returns true when the key was new (false once estimating).
  bool add(std::uint32_t key);
  std::uint64_t count() const;
  bool exact() const { return sketch_ == nullptr; }

 private:
  using Bits = std::array<std::uint64_t, 65536 / 64>;
  struct Bitmap {
    std::uint8_t proto = 0;
    std::unique_ptr<Bits> bits;
  };

  Bits* bitmap_for(std::uint8_t proto);  // null when the budget is spent
  bool add_to_bitmaps(std::uint32_t key);
  void start_estimating();
  void release_bitmaps();

  std::uint32_t list_limit_;
  unsigned precision_;
  PortBitmapBudget* budget_;
  std::uint64_t count_ = 0;                     // exact count while exact()
  absl::InlinedVector<std::uint32_t, 2> list_;  // sorted, until it passes list_limit_
  bool listing_ = true;
  absl::InlinedVector<Bitmap, 2> bitmaps_;
  std::unique_ptr<HyperLogLog> sketch_;
};

}  // namespace gp::scan
