#include "common/ip_network.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace gp {
namespace {

std::uint8_t high_bits(unsigned n) { return static_cast<std::uint8_t>(0xFF00U >> n); }  // n in 0-7

// The first `bits` bits of `a` (at most 128), the rest cleared.
IpAddress masked(const IpAddress& a, unsigned bits) {
  std::array<std::uint8_t, 16> b = a.bytes();
  const unsigned whole = bits / 8;
  if (whole < b.size()) {
    b[whole] = static_cast<std::uint8_t>(b[whole] & high_bits(bits % 8));
    std::fill(b.begin() + whole + 1, b.end(), std::uint8_t{0});
  }
  return IpAddress::from_v6(std::span<const std::uint8_t, 16>(b));
}

// Called per conversation and rule network: compares bytes in place, no copy.
bool same_prefix(const IpAddress& a, const IpAddress& b, unsigned bits) {
  const auto& x = a.bytes();
  const auto& y = b.bytes();
  const unsigned whole = bits / 8;
  if (!std::equal(x.begin(), x.begin() + whole, y.begin())) return false;
  return bits % 8 == 0 || ((x[whole] ^ y[whole]) & high_bits(bits % 8)) == 0;
}

}  // namespace

IpNetwork::IpNetwork(const IpAddress& address, unsigned bits)
    : address_(masked(address, std::min(bits, 128U))), bits_(static_cast<std::uint8_t>(std::min(bits, 128U))) {}

std::optional<IpNetwork> IpNetwork::parse(std::string_view text, std::string& why) {
  const auto slash = text.find('/');
  const std::string_view address_text = text.substr(0, slash);
  const std::optional<IpAddress> parsed = IpAddress::parse(address_text);
  if (!parsed) {
    why = "invalid network '" + std::string(text) + "' (expected CIDR such as 10.0.0.0/8 or fd00::/8)";
    return std::nullopt;
  }
  const IpAddress address = *parsed;
  // The family is the text's: "::ffff:10.0.0.0/104" is written in IPv6 terms.
  const bool v4_text = address_text.find(':') == std::string_view::npos;
  const unsigned max_prefix = v4_text ? 32U : 128U;
  unsigned prefix = max_prefix;
  if (slash != std::string_view::npos) {
    const std::string_view len = text.substr(slash + 1);
    const auto [end, ec] = std::from_chars(len.data(), len.data() + len.size(), prefix);
    if (len.empty() || ec != std::errc{} || end != len.data() + len.size() || prefix > max_prefix) {
      why = "invalid prefix length in '" + std::string(text) + "' (0-" + std::to_string(max_prefix) + ")";
      return std::nullopt;
    }
  }
  const IpNetwork network(address, v4_text ? 96U + prefix : prefix);
  if (network.address_ != address) {
    why = "network '" + std::string(text) + "' has host bits set (did you mean " + network.to_string() + "?)";
    return std::nullopt;
  }
  return network;
}

IpNetwork IpNetwork::of(const IpAddress& address, unsigned v4_prefix, unsigned v6_prefix) {
  return address.is_v4() ? IpNetwork(address, 96U + std::min(v4_prefix, 32U))
                         : IpNetwork(address, std::min(v6_prefix, 128U));
}

bool IpNetwork::contains(const IpAddress& a) const { return a.is_v4() == is_v4() && same_prefix(a, address_, bits_); }

bool IpNetwork::overlaps(const IpNetwork& other) const {
  return is_v4() == other.is_v4() && same_prefix(address_, other.address_, std::min(bits_, other.bits_));
}

std::string IpNetwork::to_string() const { return address_.to_string() + "/" + std::to_string(prefix()); }

}  // namespace gp
