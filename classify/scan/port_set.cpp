#include "classify/scan/port_set.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include "common/hash.hpp"

namespace gp::scan {

PortSet::~PortSet() { release_bitmaps(); }

bool PortSet::add(std::uint32_t key) {
  if (sketch_) {
    sketch_->add(mix64(key));
    return false;
  }
  if (!listing_) return add_to_bitmaps(key);
  const auto it = std::lower_bound(list_.begin(), list_.end(), key);
  if (it != list_.end() && *it == key) return false;
  list_.insert(it, key);
  count_ = list_.size();
  if (list_.size() <= list_limit_) return true;
  // Past the list: into bitmaps, or, with the budget spent, a sketch.
  listing_ = false;
  decltype(list_) keys;
  keys.swap(list_);
  count_ = 0;
  for (const std::uint32_t k : keys) {
    if (sketch_) {
      sketch_->add(mix64(k));
    } else {
      add_to_bitmaps(k);
    }
  }
  return true;
}

bool PortSet::add_to_bitmaps(std::uint32_t key) {
  Bits* bits = bitmap_for(static_cast<std::uint8_t>(key >> 16));
  if (bits == nullptr) {
    start_estimating();
    sketch_->add(mix64(key));
    return true;
  }
  const std::uint32_t port = key & 0xffffU;
  std::uint64_t& word = (*bits)[port / 64];
  const std::uint64_t bit = std::uint64_t{1} << (port % 64);
  if ((word & bit) != 0) return false;
  word |= bit;
  ++count_;
  return true;
}

PortSet::Bits* PortSet::bitmap_for(std::uint8_t proto) {
  for (Bitmap& b : bitmaps_) {
    if (b.proto == proto) return b.bits.get();
  }
  if (budget_ == nullptr || budget_->left == 0) {
    if (budget_ != nullptr) ++budget_->refused;
    return nullptr;
  }
  --budget_->left;
  bitmaps_.push_back(Bitmap{proto, std::make_unique<Bits>()});
  return bitmaps_.back().bits.get();
}

// The keys held so far go into the sketch, and the bitmaps back to the budget.
void PortSet::start_estimating() {
  sketch_ = std::make_unique<HyperLogLog>(precision_);
  for (const Bitmap& b : bitmaps_) {
    for (std::size_t w = 0; w < b.bits->size(); ++w) {
      for (std::uint64_t word = (*b.bits)[w]; word != 0; word &= word - 1) {
        const auto port = static_cast<std::uint32_t>(w * 64 + static_cast<std::size_t>(std::countr_zero(word)));
        sketch_->add(mix64((std::uint32_t{b.proto} << 16) | port));
      }
    }
  }
  release_bitmaps();
}

void PortSet::release_bitmaps() {
  if (budget_ != nullptr) budget_->left += bitmaps_.size();
  bitmaps_.clear();
}

std::uint64_t PortSet::count() const {
  if (!sketch_) return count_;
  return static_cast<std::uint64_t>(std::llround(sketch_->estimate()));
}

}  // namespace gp::scan
