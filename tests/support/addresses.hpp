// Addresses and networks from text, for tests: a typo fails the test that wrote it.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/ip_address.hpp"
#include "common/ip_network.hpp"

namespace gp::test {

inline IpAddress ip(std::string_view text) {
  const std::optional<IpAddress> a = IpAddress::parse(text);
  EXPECT_TRUE(a.has_value()) << text;
  return a.value_or(IpAddress{});
}

// The IPv4 address whose value is `value` (0xC0000201: 192.0.2.1), for tests that number many.
inline IpAddress ipv4(std::uint32_t value) {
  const std::array<std::uint8_t, 4> bytes{static_cast<std::uint8_t>(value >> 24U),
                                          static_cast<std::uint8_t>(value >> 16U),
                                          static_cast<std::uint8_t>(value >> 8U), static_cast<std::uint8_t>(value)};
  return IpAddress::from_v4(bytes);
}

inline IpNetwork network(std::string_view text) {
  std::string why;
  const auto n = IpNetwork::parse(text, why);
  EXPECT_TRUE(n.has_value()) << text << ": " << why;
  return n.value_or(IpNetwork{});
}

}  // namespace gp::test
