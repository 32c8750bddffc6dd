#include "common/ip_address.hpp"

#include <gtest/gtest.h>

namespace gp {
namespace {

std::string round_trip(const char* text) {
  IpAddress a;
  if (!IpAddress::parse(text, a)) return "parse failed";
  return a.to_string();
}

TEST(IpAddress, Ipv4IsStoredMappedAndPrintedDotted) {
  IpAddress a;
  ASSERT_TRUE(IpAddress::parse("192.0.2.1", a));
  EXPECT_TRUE(a.is_v4());
  EXPECT_EQ(a.to_string(), "192.0.2.1");
  EXPECT_EQ(a.wire_bytes().size(), 4U);
}

TEST(IpAddress, Rfc5952Text) {
  EXPECT_EQ(round_trip("2001:0DB8:0000:0000:0000:0000:0000:0001"), "2001:db8::1");  // 4.2.1, 4.3
  EXPECT_EQ(round_trip("2001:db8:0:1:1:1:1:1"), "2001:db8:0:1:1:1:1:1");            // 4.2.2: no :: for one group
  EXPECT_EQ(round_trip("2001:0:0:1:0:0:0:1"), "2001:0:0:1::1");                     // 4.2.3: longest run
  EXPECT_EQ(round_trip("2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1");               // 4.2.3: first of equal runs
  EXPECT_EQ(round_trip("::"), "::");
  EXPECT_EQ(round_trip("::1"), "::1");
  EXPECT_EQ(round_trip("fe80::"), "fe80::");
}

TEST(IpAddress, RejectsGarbage) {
  IpAddress a;
  EXPECT_FALSE(IpAddress::parse("", a));
  EXPECT_FALSE(IpAddress::parse("1.2.3", a));
  EXPECT_FALSE(IpAddress::parse("1.2.3.256", a));
  EXPECT_FALSE(IpAddress::parse("2001:db8::1::2", a));
  EXPECT_FALSE(IpAddress::parse("not an address", a));
}

TEST(IpAddress, OrdersByBytes) {
  IpAddress a;
  IpAddress b;
  ASSERT_TRUE(IpAddress::parse("10.0.0.1", a));
  ASSERT_TRUE(IpAddress::parse("10.0.0.2", b));
  EXPECT_LT(a, b);
  EXPECT_NE(a, b);
}

// One hash for every table: an IPv4 address and its ::ffff: form are the same key; neighbours
// differ in the top bits too (a HyperLogLog takes its register index from there).
TEST(IpAddress, HashesByValueAndMixesEveryBit) {
  IpAddress v4, mapped, next;
  ASSERT_TRUE(IpAddress::parse("192.0.2.1", v4));
  ASSERT_TRUE(IpAddress::parse("::ffff:192.0.2.1", mapped));
  ASSERT_TRUE(IpAddress::parse("192.0.2.2", next));
  EXPECT_EQ(v4.hash(), mapped.hash());
  EXPECT_EQ(IpAddressHash{}(v4), static_cast<std::size_t>(v4.hash()));
  EXPECT_NE(v4.hash() >> 54, next.hash() >> 54);
}

}  // namespace
}  // namespace gp
