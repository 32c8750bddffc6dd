// A network (CIDR block) in IpAddress's 16-byte form: IPv4's 10.0.0.0/8 is ::ffff:10.0.0.0/104,
// so one prefix comparison serves both families. Families never mix: an IPv6 network holds
// no IPv4 address, not even ::/0 (an analyst writing "::/0" means every IPv6 host). The site
// layer, the rules, the known-scanner lists and the scan detector's /24 and /64 groups use it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/ip_address.hpp"

namespace gp {

class IpNetwork {
 public:
  IpNetwork() = default;  // ::/0

  // "10.0.0.0/8", "fd00::/8", or a bare address meaning /32 or /128. Host bits must be zero: a
  // set host bit ("10.0.0.1/8") is nearly always a typo for another network, and `why` says
  // which one was probably meant.
  static std::optional<IpNetwork> parse(std::string_view text, std::string& why);
  // The network of `address` at its family's prefix length (IPv4 0-32, IPv6 0-128; clamped).
  static IpNetwork of(const IpAddress& address, unsigned v4_prefix, unsigned v6_prefix);
  // The network of the first `bits` bits of `address`'s 16-byte form (0-128; clamped).
  static IpNetwork of_bits(const IpAddress& address, unsigned bits) { return IpNetwork(address, bits); }

  const IpAddress& address() const { return address_; }  // host bits zero
  unsigned bits() const { return bits_; }                // prefix length in the 16-byte form
  // IPv4 networks are those within ::ffff:0:0/96, however written.
  bool is_v4() const { return bits_ >= 96 && address_.is_v4(); }
  unsigned prefix() const { return is_v4() ? bits_ - 96U : bits_; }  // in the family's terms

  bool contains(const IpAddress& a) const;
  bool overlaps(const IpNetwork& other) const;
  std::string to_string() const;  // "10.0.0.0/8", "fd00::/8"

  friend bool operator==(const IpNetwork&, const IpNetwork&) = default;

 private:
  IpNetwork(const IpAddress& address, unsigned bits);  // clears the host bits

  IpAddress address_;
  std::uint8_t bits_ = 0;
};

}  // namespace gp
