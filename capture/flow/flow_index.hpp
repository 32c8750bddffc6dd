// Open-addressing hash index from FlowKey to a slab slot: linear probing with
// backward-shift deletion, so lookups never walk tombstones and nothing is allocated per
// insert. Capacity is a power of two kept at most half full.
#pragma once

#include <cstdint>
#include <vector>

#include "capture/flow/flow_key.hpp"

namespace gp {

class FlowIndex {
 public:
  static constexpr std::uint32_t kNone = UINT32_MAX;

  explicit FlowIndex(std::size_t initial_capacity = 1024);

  // Slot stored for `key`, or kNone. `key_of(slot)` returns the key stored in that slot.
  template <typename KeyOf>
  std::uint32_t find(const FlowKey& key, std::uint64_t hash, const KeyOf& key_of) const {
    for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const Entry& e = entries_[i];
      if (e.slot == kNone) return kNone;
      if (e.hash == hash && key_of(e.slot) == key) return e.slot;
    }
  }

  void insert(std::uint64_t hash, std::uint32_t slot);
  void erase(std::uint64_t hash, std::uint32_t slot);
  std::size_t size() const { return size_; }

 private:
  struct Entry {
    std::uint64_t hash = 0;
    std::uint32_t slot = kNone;
  };
  void grow();

  std::vector<Entry> entries_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace gp
