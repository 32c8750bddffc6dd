// Bounds-checked big-endian loads over a non-owning byte span. Every load checks its range
// and yields 0 past the end, so a decoder that forgot a has() test reads zeros, never
// memory it does not own. Decoders still call has() first: a short header is an Anomaly.
// Hot path: no allocation, no exceptions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace gp {

class ByteReader {
 public:
  constexpr explicit ByteReader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}

  constexpr std::size_t size() const { return bytes_.size(); }
  constexpr bool has(std::size_t offset, std::size_t n) const {
    return offset <= bytes_.size() && n <= bytes_.size() - offset;
  }

  constexpr std::uint8_t u8(std::size_t off) const { return has(off, 1) ? bytes_[off] : 0; }
  constexpr std::uint16_t u16(std::size_t off) const {
    if (!has(off, 2)) return 0;
    return static_cast<std::uint16_t>((bytes_[off] << 8) | bytes_[off + 1]);
  }
  constexpr std::uint32_t u32(std::size_t off) const {
    if (!has(off, 4)) return 0;
    return (std::uint32_t{bytes_[off]} << 24) | (std::uint32_t{bytes_[off + 1]} << 16) |
           (std::uint32_t{bytes_[off + 2]} << 8) | std::uint32_t{bytes_[off + 3]};
  }
  // Little-endian loads, for the few headers written in host order by little-endian
  // capture hosts (radiotap, 802.11 frame control).
  constexpr std::uint16_t u16le(std::size_t off) const {
    if (!has(off, 2)) return 0;
    return static_cast<std::uint16_t>(bytes_[off] | (bytes_[off + 1] << 8));
  }
  constexpr std::uint32_t u32le(std::size_t off) const {
    if (!has(off, 4)) return 0;
    return std::uint32_t{bytes_[off]} | (std::uint32_t{bytes_[off + 1]} << 8) | (std::uint32_t{bytes_[off + 2]} << 16) |
           (std::uint32_t{bytes_[off + 3]} << 24);
  }

  // The bytes from `off` on (empty past the end).
  constexpr std::span<const std::uint8_t> rest(std::size_t off) const {
    return off <= bytes_.size() ? bytes_.subspan(off) : std::span<const std::uint8_t>{};
  }
  // Up to `n` bytes from `off`, clipped to what is there.
  constexpr std::span<const std::uint8_t> sub(std::size_t off, std::size_t n) const {
    if (off > bytes_.size()) return {};
    const std::size_t avail = bytes_.size() - off;
    return bytes_.subspan(off, n < avail ? n : avail);
  }

 private:
  std::span<const std::uint8_t> bytes_;
};

}  // namespace gp
