#include "common/ip_address.hpp"

#include <arpa/inet.h>

#include <array>
#include <cstdio>
#include <string_view>

namespace gp {

std::string IpAddress::to_string() const {
  std::array<char, 48> buf{};
  if (is_v4()) {
    std::snprintf(buf.data(), buf.size(), "%u.%u.%u.%u", unsigned{bytes_[12]}, unsigned{bytes_[13]},
                  unsigned{bytes_[14]}, unsigned{bytes_[15]});
    return buf.data();
  }
  std::array<unsigned, 8> groups{};
  for (std::size_t i = 0; i < 8; ++i) groups[i] = (unsigned{bytes_[2 * i]} << 8) | bytes_[2 * i + 1];
  // RFC 5952 section 4.2: "::" replaces the longest run of two or more zero groups, the
  // first one when runs tie; section 4.3: lowercase, no leading zeros.
  std::size_t best_start = 8;
  std::size_t best_len = 1;
  for (std::size_t i = 0; i < 8;) {
    if (groups[i] != 0) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < 8 && groups[j] == 0) ++j;
    if (j - i > best_len) {
      best_start = i;
      best_len = j - i;
    }
    i = j;
  }
  std::string out;
  out.reserve(40);
  for (std::size_t i = 0; i < 8; ++i) {
    if (i == best_start) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::snprintf(buf.data(), buf.size(), "%x", groups[i]);
    out += buf.data();
  }
  return out;
}

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  std::array<char, INET6_ADDRSTRLEN + 1> buf{};
  if (text.empty() || text.size() >= buf.size()) return std::nullopt;
  text.copy(buf.data(), text.size());
  if (text.find(':') == std::string_view::npos) {
    std::array<std::uint8_t, 4> v4{};
    if (inet_pton(AF_INET, buf.data(), v4.data()) != 1) return std::nullopt;
    return from_v4(v4);
  }
  std::array<std::uint8_t, 16> v6{};
  if (inet_pton(AF_INET6, buf.data(), v6.data()) != 1) return std::nullopt;
  return from_v6(v6);
}

}  // namespace gp
