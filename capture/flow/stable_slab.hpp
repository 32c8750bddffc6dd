// A growable array whose elements never move: storage comes in fixed chunks, so growing
// never copies the elements already there (a std::vector of 850-byte flows relocated every
// one of them at each doubling, and touched twice the memory doing it). Index access is a
// shift and a mask. Elements are default-constructed a chunk at a time.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

namespace gp {

template <typename T, unsigned kChunkBits = 8>
class StableSlab {
 public:
  static constexpr std::size_t kChunkSize = std::size_t{1} << kChunkBits;

  T& operator[](std::size_t i) { return chunks_[i >> kChunkBits][i & (kChunkSize - 1)]; }
  const T& operator[](std::size_t i) const { return chunks_[i >> kChunkBits][i & (kChunkSize - 1)]; }
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
