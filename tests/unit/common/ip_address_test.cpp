#include "common/ip_address.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace gp {
namespace {

std::string round_trip(const char* text) {
  const std::optional<IpAddress> a = IpAddress::parse(text);
  return a ? a->to_string() : "parse failed";
}

// The parsed address, or a failed assertion in the calling test.
IpAddress parsed(const char* text) {
  const std::optional<IpAddress> a = IpAddress::parse(text);
  EXPECT_TRUE(a.has_value()) << text;
  return a.value_or(IpAddress{});
}

TEST(IpAddress, Ipv4IsStoredMappedAndPrintedDotted) {
  const IpAddress a = parsed("192.0.2.1");
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
  for (const char* text : {"", "1.2.3", "1.2.3.256", "2001:db8::1::2", "not an address"}) {
    EXPECT_FALSE(IpAddress::parse(text).has_value()) << text;
  }
}

TEST(IpAddress, OrdersByBytes) {
  const IpAddress a = parsed("10.0.0.1");
  const IpAddress b = parsed("10.0.0.2");
  EXPECT_LT(a, b);
  EXPECT_NE(a, b);
}

// One hash for every table: an IPv4 address and its ::ffff: form are the same key; neighbours
// differ in the top bits too (a HyperLogLog takes its register index from there).
TEST(IpAddress, HashesByValueAndMixesEveryBit) {
  const IpAddress v4 = parsed("192.0.2.1");
  const IpAddress mapped = parsed("::ffff:192.0.2.1");
  const IpAddress next = parsed("192.0.2.2");
  EXPECT_EQ(v4.hash(), mapped.hash());
  EXPECT_EQ(IpAddressHash{}(v4), static_cast<std::size_t>(v4.hash()));
  EXPECT_NE(v4.hash() >> 54, next.hash() >> 54);
}

}  // namespace
}  // namespace gp
