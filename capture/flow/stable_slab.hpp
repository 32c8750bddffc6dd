// A growable array whose elements never move: storage comes in fixed chunks, so growing
// never copies the elements already there (a std::vector of 850-byte flows relocated every
// one of them at each doubling, and touched twice the memory doing it). Elements are
// default-constructed a chunk at a time.
//
// A chunk holds as many elements as fit in kChunkBytes, not a power of two of them: the
// allocator serves a block this large from whole 64 KiB slices (mimalloc's large pages), and
// with huge OS pages the unused tail of the last slice is resident too. 256 flows of 816
// bytes took four slices for 204 KiB, a fifth of the flow table's memory in tails; 321 of
// them fill the four. Index access divides by a constant (a multiply and a shift).
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

namespace gp {

template <typename T, std::size_t kChunkBytes = std::size_t{256} << 10>
class StableSlab {
 public:
  static constexpr std::size_t kChunkSize = kChunkBytes / sizeof(T) > 0 ? kChunkBytes / sizeof(T) : 1;

  T& operator[](std::size_t i) { return chunks_[i / kChunkSize][i % kChunkSize]; }
  const T& operator[](std::size_t i) const { return chunks_[i / kChunkSize][i % kChunkSize]; }
  std::size_t size() const { return size_; }

  // Makes one more element (default-constructed) available at index size() - 1.
  T& grow() {
    if (size_ == chunks_.size() * kChunkSize) chunks_.push_back(std::make_unique<T[]>(kChunkSize));
    return (*this)[size_++];
  }

 private:
  std::vector<std::unique_ptr<T[]>> chunks_;
  std::size_t size_ = 0;
};

}  // namespace gp
