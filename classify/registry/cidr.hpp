// IPv4/IPv6 addresses and CIDR blocks for the site layer ("10.0.0.0/8", "fd00::/8").
// Kept here, not in capture/, so the registry depends on nothing but its own files;
// an IPv4 address is stored in 4 bytes, v6 in 16, both in network byte order.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gp::registry {

struct IpAddr {
  std::array<std::uint8_t, 16> bytes{};
  bool v6 = false;
  static std::optional<IpAddr> parse(std::string_view text);
  std::string to_string() const;
};

struct Cidr {
  IpAddr base;
  std::uint8_t prefix = 0;
  // "10.0.0.0/8", or a bare address meaning /32 or /128. Host bits must be zero: a set
  // host bit ("10.0.0.1/8") is nearly always a typo for a different network.
  static std::optional<Cidr> parse(std::string_view text, std::string& why);
  bool contains(const IpAddr& a) const;
  bool overlaps(const Cidr& o) const;
  std::string to_string() const;
};

}  // namespace gp::registry
