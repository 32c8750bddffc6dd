// Addresses and networks from text, for tests: a typo fails the test that wrote it.
#pragma once

#include <gtest/gtest.h>

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

inline IpNetwork network(std::string_view text) {
  std::string why;
  const auto n = IpNetwork::parse(text, why);
  EXPECT_TRUE(n.has_value()) << text << ": " << why;
  return n.value_or(IpNetwork{});
}

}  // namespace gp::test
