#include "capture/flow/flow_index.hpp"

#include <bit>

namespace gp {

FlowIndex::FlowIndex(std::size_t initial_capacity) {
  const std::size_t cap = std::bit_ceil(initial_capacity < 16 ? std::size_t{16} : initial_capacity);
  entries_.assign(cap, Entry{});
  mask_ = cap - 1;
}

void FlowIndex::insert(std::uint64_t hash, std::uint32_t slot) {
  if ((size_ + 1) * 2 > entries_.size()) grow();
  std::size_t i = hash & mask_;
  while (entries_[i].slot != kNone) i = (i + 1) & mask_;
  entries_[i] = Entry{hash, slot};
  ++size_;
}

void FlowIndex::erase(std::uint64_t hash, std::uint32_t slot) {
  std::size_t i = hash & mask_;
  while (entries_[i].slot != slot) {
    if (entries_[i].slot == kNone) return;  // not present
    i = (i + 1) & mask_;
  }
  // Backward-shift: pull later entries of the probe run into the hole.
  std::size_t hole = i;
  for (std::size_t j = (i + 1) & mask_; entries_[j].slot != kNone; j = (j + 1) & mask_) {
    const std::size_t home = entries_[j].hash & mask_;
    // Move j into the hole if its home is not in the cyclic range (hole, j].
    const bool home_in_range = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
    if (!home_in_range) {
      entries_[hole] = entries_[j];
      hole = j;
    }
  }
  entries_[hole] = Entry{};
  --size_;
}

void FlowIndex::grow() {
  std::vector<Entry> old;
  old.swap(entries_);
  entries_.assign(old.size() * 2, Entry{});
  mask_ = entries_.size() - 1;
  size_ = 0;
  for (const Entry& e : old) {
    if (e.slot != kNone) insert(e.hash, e.slot);
  }
}

}  // namespace gp
