// IpNetwork: CIDR text in both families, host bits refused with the likely meaning, one prefix
// comparison for both families and families that never mix.
#include "common/ip_network.hpp"

#include <gtest/gtest.h>

#include <string>

#include "tests/support/addresses.hpp"

namespace gp {
namespace {

using test::ip;
using test::network;

std::string why_not(std::string_view text) {
  std::string why;
  EXPECT_FALSE(IpNetwork::parse(text, why).has_value()) << text;
  return why;
}

TEST(IpNetwork, ParsesBothFamiliesAndBareAddresses) {
  const IpNetwork v4 = network("10.0.0.0/8");
  EXPECT_TRUE(v4.is_v4());
  EXPECT_EQ(v4.prefix(), 8U);
  EXPECT_EQ(v4.bits(), 104U);
  EXPECT_EQ(v4.to_string(), "10.0.0.0/8");
  const IpNetwork v6 = network("fd00::/8");
  EXPECT_FALSE(v6.is_v4());
  EXPECT_EQ(v6.prefix(), 8U);
  EXPECT_EQ(v6.to_string(), "fd00::/8");
  EXPECT_EQ(network("192.0.2.7").to_string(), "192.0.2.7/32");
  EXPECT_EQ(network("2001:db8::1").to_string(), "2001:db8::1/128");
  EXPECT_EQ(network("::ffff:10.0.0.0/104"), v4);  // the IPv4 network, written in IPv6 terms
}

TEST(IpNetwork, RefusesHostBitsWithTheLikelyMeaningAndBadPrefixes) {
  EXPECT_EQ(why_not("10.0.0.1/8"), "network '10.0.0.1/8' has host bits set (did you mean 10.0.0.0/8?)");
  EXPECT_EQ(why_not("fd00::1/8"), "network 'fd00::1/8' has host bits set (did you mean fd00::/8?)");
  EXPECT_EQ(why_not("10.0.0.0/33"), "invalid prefix length in '10.0.0.0/33' (0-32)");
  EXPECT_EQ(why_not("fd00::/129"), "invalid prefix length in 'fd00::/129' (0-128)");
  EXPECT_EQ(why_not("10.0.0.0/"), "invalid prefix length in '10.0.0.0/' (0-32)");
  EXPECT_EQ(why_not("10.0.0.0/8x"), "invalid prefix length in '10.0.0.0/8x' (0-32)");
  EXPECT_EQ(why_not("10.0.0/8"), "invalid network '10.0.0/8' (expected CIDR such as 10.0.0.0/8 or fd00::/8)");
  EXPECT_EQ(why_not(""), "invalid network '' (expected CIDR such as 10.0.0.0/8 or fd00::/8)");
}

TEST(IpNetwork, ContainsByPrefixAndFamiliesNeverMix) {
  const IpNetwork odd = network("198.51.100.128/25");
  EXPECT_TRUE(odd.contains(ip("198.51.100.200")));
  EXPECT_FALSE(odd.contains(ip("198.51.100.127")));
  EXPECT_TRUE(network("2001:db8::/32").contains(ip("2001:db8:ffff::1")));
  EXPECT_FALSE(network("2001:db8::/32").contains(ip("2001:db9::1")));
  EXPECT_TRUE(network("0.0.0.0/0").contains(ip("203.0.113.9")));
  EXPECT_FALSE(network("0.0.0.0/0").contains(ip("2001:db8::1")));
  EXPECT_TRUE(network("::/0").contains(ip("2001:db8::1")));
  EXPECT_FALSE(network("::/0").contains(ip("203.0.113.9")));  // "::/0" means every IPv6 host
}

TEST(IpNetwork, OverlapsWithinAFamilyOnly) {
  EXPECT_TRUE(network("10.0.0.0/8").overlaps(network("10.20.0.0/16")));
  EXPECT_TRUE(network("10.20.0.0/16").overlaps(network("10.0.0.0/8")));
  EXPECT_FALSE(network("10.0.0.0/8").overlaps(network("11.0.0.0/8")));
  EXPECT_FALSE(network("::/0").overlaps(network("10.0.0.0/8")));
}

TEST(IpNetwork, OfAnAddressAtItsFamilysPrefix) {
  EXPECT_EQ(IpNetwork::of(ip("198.51.100.77"), 24, 64).to_string(), "198.51.100.0/24");
  EXPECT_EQ(IpNetwork::of(ip("2001:db8:1:2:3::4"), 24, 64).to_string(), "2001:db8:1:2::/64");
  EXPECT_EQ(IpNetwork::of(ip("198.51.100.77"), 99, 99).to_string(), "198.51.100.77/32");  // clamped
  EXPECT_EQ(IpNetwork::of_bits(ip("198.51.100.77"), 120).to_string(), "198.51.100.0/24");
}

}  // namespace
}  // namespace gp
