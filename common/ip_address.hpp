// An IPv4 or IPv6 address stored in 16 bytes (IPv4 as ::ffff:a.b.c.d, as Zeek does), so one
// flow key type serves both families. Compares and hashes by bytes; IpAddressHash is the one
// hash every table keyed by an address uses.
#pragma once

#include <array>
#include <bit>
#include <compare>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>

#include "common/hash.hpp"

namespace gp {

class IpAddress {
 public:
  IpAddress() = default;

  static IpAddress from_v4(std::span<const std::uint8_t, 4> b) {
    IpAddress a;
    a.bytes_[10] = 0xff;
    a.bytes_[11] = 0xff;
    std::memcpy(&a.bytes_[12], b.data(), 4);
    return a;
  }
  static IpAddress from_v6(std::span<const std::uint8_t, 16> b) {
    IpAddress a;
    std::memcpy(a.bytes_.data(), b.data(), 16);
    return a;
  }

  bool is_v4() const {
    static constexpr std::array<std::uint8_t, 12> kPrefix{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    return std::memcmp(bytes_.data(), kPrefix.data(), kPrefix.size()) == 0;
  }
  const std::array<std::uint8_t, 16>& bytes() const { return bytes_; }
  // The 4 (IPv4) or 16 (IPv6) bytes as they appear on the wire.
  std::span<const std::uint8_t> wire_bytes() const {
    return is_v4() ? std::span<const std::uint8_t>(bytes_).subspan(12) : std::span<const std::uint8_t>(bytes_);
  }

  std::string to_string() const;  // dotted quad or RFC 5952 text
  // Well mixed in every bit (open addressing and HyperLogLog registers need both ends).
  std::uint64_t hash() const { return mix64(half(0) ^ mix64(half(1))); }
  static std::optional<IpAddress> parse(std::string_view text);  // dotted quad or IPv6 text

  // Byte order, as the defaulted operators would give, in two 64-bit steps: the defaulted
  // ones call memcmp, a library call on every flow-table and hash-map probe.
  friend bool operator==(const IpAddress& a, const IpAddress& b) {
    return ((a.half(0) ^ b.half(0)) | (a.half(1) ^ b.half(1))) == 0;
  }
  friend std::strong_ordering operator<=>(const IpAddress& a, const IpAddress& b) {
    const std::uint64_t ha = a.big_endian_half(0);
    const std::uint64_t hb = b.big_endian_half(0);
    if (ha != hb) return ha <=> hb;
    return a.big_endian_half(1) <=> b.big_endian_half(1);
  }

 private:
  std::uint64_t half(int i) const {
    std::uint64_t v;
    std::memcpy(&v, bytes_.data() + 8 * i, 8);
    return v;
  }
  std::uint64_t big_endian_half(int i) const {  // the first byte most significant
    const std::uint64_t v = half(i);
    return std::endian::native == std::endian::little ? __builtin_bswap64(v) : v;
  }

  std::array<std::uint8_t, 16> bytes_{};
};

struct IpAddressHash {
  std::size_t operator()(const IpAddress& a) const noexcept { return static_cast<std::size_t>(a.hash()); }
};

}  // namespace gp
