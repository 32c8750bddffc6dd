#include "classify/registry/cidr.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace gp::registry {

std::optional<IpAddr> IpAddr::parse(std::string_view text) {
  const std::string s(text);
  IpAddr a;
  if (inet_pton(AF_INET, s.c_str(), a.bytes.data()) == 1) return a;
  if (inet_pton(AF_INET6, s.c_str(), a.bytes.data()) == 1) {
    a.v6 = true;
    return a;
  }
  return std::nullopt;
}

std::string IpAddr::to_string() const {
  std::array<char, INET6_ADDRSTRLEN> buf{};
  inet_ntop(v6 ? AF_INET6 : AF_INET, bytes.data(), buf.data(), static_cast<socklen_t>(buf.size()));
  return std::string(buf.data());
}

namespace {
bool prefix_equal(const IpAddr& a, const IpAddr& b, unsigned bits) {
  const unsigned whole = bits / 8;
  if (!std::equal(a.bytes.begin(), a.bytes.begin() + whole, b.bytes.begin())) return false;
  const unsigned rest = bits % 8;
  if (rest == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xFFU << (8 - rest));
  return (a.bytes[whole] & mask) == (b.bytes[whole] & mask);
}
}  // namespace

std::optional<Cidr> Cidr::parse(std::string_view text, std::string& why) {
  const auto slash = text.find('/');
  const auto addr = IpAddr::parse(text.substr(0, slash));
  if (!addr) {
    why = fmt::format("invalid network '{}' (expected CIDR such as 10.0.0.0/8 or fd00::/8)", text);
    return std::nullopt;
  }
  const unsigned max_bits = addr->v6 ? 128U : 32U;
  unsigned bits = max_bits;
  if (slash != std::string_view::npos) {
    const auto len = text.substr(slash + 1);
    const auto [ptr, ec] = std::from_chars(len.data(), len.data() + len.size(), bits);
    if (len.empty() || ec != std::errc{} || ptr != len.data() + len.size() || bits > max_bits) {
      why = fmt::format("invalid prefix length in '{}' (0-{})", text, max_bits);
      return std::nullopt;
    }
  }
  Cidr c;
  c.base = *addr;
  c.prefix = static_cast<std::uint8_t>(bits);
  IpAddr masked{};
  masked.v6 = addr->v6;
  for (unsigned i = 0; i < bits; ++i) {
    const unsigned byte = addr->bytes[i / 8];
    if ((byte >> (7 - i % 8)) & 1U) {
      masked.bytes[i / 8] = static_cast<std::uint8_t>(masked.bytes[i / 8] | (1U << (7 - i % 8)));
    }
  }
  if (masked.bytes != addr->bytes) {
    why = fmt::format("network '{}' has host bits set (did you mean {}/{}?)", text,
                      masked.to_string(), bits);
    return std::nullopt;
  }
  return c;
}

bool Cidr::contains(const IpAddr& a) const {
  return a.v6 == base.v6 && prefix_equal(a, base, prefix);
}

bool Cidr::overlaps(const Cidr& o) const {
  return base.v6 == o.base.v6 && prefix_equal(base, o.base, std::min(prefix, o.prefix));
}

std::string Cidr::to_string() const { return fmt::format("{}/{}", base.to_string(), prefix); }

}  // namespace gp::registry
