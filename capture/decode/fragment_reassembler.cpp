#include "capture/decode/fragment_reassembler.hpp"

#include <algorithm>
#include <cstring>

namespace gp {
namespace {

constexpr std::size_t kBlockWords = (FragmentReassembler::kMaxPayload / 8 + 1 + 63) / 64;
// Freed buffers keep up to this much capacity for reuse; larger ones are released so idle
// slots do not pin memory past the pool's byte cap.
constexpr std::size_t kKeptCapacity = 2048;

bool test_block(const std::vector<std::uint64_t>& blocks, std::uint32_t b) {
  return ((blocks[b / 64] >> (b % 64)) & 1U) != 0;
}
void set_block(std::vector<std::uint64_t>& blocks, std::uint32_t b) { blocks[b / 64] |= std::uint64_t{1} << (b % 64); }

}  // namespace

FragmentReassembler::Slot* FragmentReassembler::find(const FragmentKey& key) {
  for (Slot& s : slots_) {
    if (s.in_use && !s.completed && s.key == key) return &s;
  }
  return nullptr;
}

void FragmentReassembler::free_slot(Slot& slot) {
  bytes_held_ -= slot.data.size();
  slot.data.clear();
  if (slot.data.capacity() > kKeptCapacity) slot.data.shrink_to_fit();
  slot.in_use = false;
  slot.completed = false;
  --live_;
}

bool FragmentReassembler::evict_oldest(const Slot* keep) {
  Slot* oldest = nullptr;
  for (Slot& s : slots_) {
    if (!s.in_use || s.completed || &s == keep) continue;
    if (oldest == nullptr || s.order < oldest->order) oldest = &s;
  }
  if (oldest == nullptr) return false;
  free_slot(*oldest);
  return true;
}

void FragmentReassembler::expire(TimeNs now, DecodeCounters& counters) {
  for (Slot& s : slots_) {
    if (s.in_use && !s.completed && now - s.first_ts > config_.fragment_timeout) {
      free_slot(s);
      counters.count(Anomaly::fragment_timeout);
    }
  }
}

FragmentReassembler::Slot* FragmentReassembler::allocate(const Fragment& fragment, DecodeCounters& counters) {
  const std::size_t cap = std::max<std::size_t>(config_.max_fragment_datagrams, 1);
  if (live_ >= cap) {
    evict_oldest(nullptr);
    counters.count(Anomaly::fragment_pool_full);
  }
  Slot* slot = nullptr;
  for (Slot& s : slots_) {
    if (!s.in_use) {
      slot = &s;
      break;
    }
  }
  if (slot == nullptr) {
    if (slots_.size() >= cap) return nullptr;  // every slot holds a completed datagram
    slot = &slots_.emplace_back();
    slot->blocks.resize(kBlockWords);
  }
  slot->in_use = true;
  slot->completed = false;
  slot->key = fragment.key;
  slot->first_ts = fragment.ts;
  slot->order = next_order_++;
  slot->total = 0;
  slot->have_last = false;
  slot->have_first = false;
  std::fill(slot->blocks.begin(), slot->blocks.end(), 0);
  ++live_;
  return slot;
}

bool FragmentReassembler::complete(const Slot& slot) {
  if (!slot.have_last || !slot.have_first) return false;
  const std::uint32_t blocks = (slot.total + 7) / 8;
  for (std::uint32_t b = 0; b < blocks; ++b) {
    if (!test_block(slot.blocks, b)) return false;
  }
  return true;
}

FragmentResult FragmentReassembler::add(const Fragment& fragment, DecodeCounters& counters, Reassembled& out) {
  expire(fragment.ts, counters);

  const std::size_t end = std::size_t{fragment.offset} + fragment.data.size();
  if (end > kMaxPayload || (fragment.more && fragment.data.empty())) {
    counters.count(Anomaly::fragment_too_large);
    return FragmentResult::dropped;
  }

  Slot* slot = find(fragment.key);
  if (slot == nullptr) slot = allocate(fragment, counters);
  if (slot == nullptr) {
    counters.count(Anomaly::fragment_pool_full);
    return FragmentResult::dropped;
  }

  if (end > slot->data.size()) {
    const std::size_t grow = end - slot->data.size();
    bool evicted = false;
    while (bytes_held_ + grow > config_.max_fragment_bytes && evict_oldest(slot)) evicted = true;
    if (evicted) counters.count(Anomaly::fragment_pool_full);
    if (bytes_held_ + grow > config_.max_fragment_bytes) {
      free_slot(*slot);
      counters.count(Anomaly::fragment_too_large);
      return FragmentResult::dropped;
    }
    slot->data.resize(end);
    bytes_held_ += grow;
  }

  const std::uint32_t first_block = fragment.offset / 8;
  const auto end_block = static_cast<std::uint32_t>((end + 7) / 8);
  bool overlap = false;
  for (std::uint32_t b = first_block; b < end_block; ++b) {
    overlap = overlap || test_block(slot->blocks, b);
    set_block(slot->blocks, b);
  }
  if (!fragment.data.empty())
    std::memcpy(slot->data.data() + fragment.offset, fragment.data.data(), fragment.data.size());

  if (!fragment.more) {
    // Two different "last" fragments disagree on the datagram's length.
    if (slot->have_last && slot->total != end) overlap = true;
    slot->have_last = true;
    slot->total = static_cast<std::uint32_t>(end);
  }
  if (overlap) counters.count(Anomaly::fragment_overlap);
  if (fragment.offset == 0) {
    slot->have_first = true;
    slot->head.header_len = fragment.header_len;
    slot->head.ttl = fragment.ttl;
    slot->head.dont_fragment = fragment.dont_fragment;
    slot->head.next_header = fragment.next_header;
  }
  if (!complete(*slot)) return FragmentResult::pending;

  slot->completed = true;
  completed_.push_back(static_cast<std::size_t>(slot - slots_.data()));
  out = slot->head;
  out.payload = std::span<const std::uint8_t>(slot->data).first(std::min<std::size_t>(slot->total, slot->data.size()));
  return FragmentResult::complete;
}

void FragmentReassembler::release_completed() {
  for (const std::size_t s : completed_) free_slot(slots_[s]);
  completed_.clear();
}

}  // namespace gp
