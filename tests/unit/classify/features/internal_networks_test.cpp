// "Inside" addresses: the private, shared, loopback and link-local ranges by default, or
// exactly the site file's networks; IPv4 and IPv6 never match each other's networks.
#include "classify/features/internal_networks.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/unit/classify/features/flow_builder.hpp"

namespace gp {
namespace {

using test::ip;

TEST(InternalNetworks, DefaultsArePrivateSharedLoopbackAndLinkLocal) {
  const InternalNetworks n = InternalNetworks::defaults();
  for (const char* inside :
       {"10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.254", "192.168.1.1", "100.64.0.1", "100.127.255.255",
        "127.0.0.1", "169.254.10.20", "fd00::1", "fc00::1", "fe80::1", "febf::1", "::1"}) {
    EXPECT_TRUE(n.contains(ip(inside))) << inside;
  }
  for (const char* outside :
       {"8.8.8.8", "172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.0", "192.169.0.1", "203.0.113.5",
        "198.51.100.7", "11.0.0.1", "2001:db8::1", "2620:0:e00:400e::1", "fec0::1", "::2", "ff02::1"}) {
    EXPECT_FALSE(n.contains(ip(outside))) << outside;
  }
}

TEST(InternalNetworks, SiteNetworksReplaceTheDefaults) {
  const InternalNetworks n = InternalNetworks::from({test::network("10.20.0.0/16"), test::network("fd12:3456::/32")});
  EXPECT_TRUE(n.contains(ip("10.20.1.12")));
  EXPECT_TRUE(n.contains(ip("10.20.255.1")));
  EXPECT_FALSE(n.contains(ip("10.21.0.1")));
  EXPECT_FALSE(n.contains(ip("192.168.1.1")));  // private, but not this site's
  EXPECT_TRUE(n.contains(ip("fd12:3456::5")));
  EXPECT_FALSE(n.contains(ip("fd12:3457::5")));
  EXPECT_EQ(n.networks().size(), 2U);
}

TEST(InternalNetworks, PublicRangesCanBeInside) {
  // A site whose own addresses are public: the capture's outside hosts then are not inside.
  const InternalNetworks n = InternalNetworks::from({test::network("203.0.113.0/24")});
  EXPECT_TRUE(n.contains(ip("203.0.113.245")));
  EXPECT_FALSE(n.contains(ip("10.20.2.12")));
}

TEST(InternalNetworks, NoNetworksMeansNothingIsInside) {
  const InternalNetworks n = InternalNetworks::from({});
  EXPECT_FALSE(n.contains(ip("10.0.0.1")));
  EXPECT_FALSE(n.contains(ip("::1")));
}

TEST(InternalNetworks, FamiliesNeverMix) {
  // 0a00::/8 starts with the same byte as 10.0.0.0/8, and ::ffff:0:0/96 holds IPv4 as
  // ghostport stores it; neither makes an address of the other family match.
  const InternalNetworks v4 = InternalNetworks::from({test::network("10.0.0.0/8"), test::network("0.0.0.0/0")});
  EXPECT_FALSE(v4.contains(ip("a00::1")));
  EXPECT_FALSE(v4.contains(ip("2001:db8::1")));
  const InternalNetworks v6 = InternalNetworks::from({test::network("::/0")});
  EXPECT_TRUE(v6.contains(ip("2001:db8::1")));
  EXPECT_FALSE(v6.contains(ip("10.0.0.1")));
}

}  // namespace
}  // namespace gp
