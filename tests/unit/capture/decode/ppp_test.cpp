#include "tests/unit/capture/decode/decode_fixture.hpp"

namespace gp::test {
namespace {

TEST(Ppp, HdlcFramedIpv6NeighborSolicitation) {
  const auto r = decode_frame("ppp/quic-interop-retry.pcap", 1);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.packet.ip_version, 6);
  EXPECT_EQ(r.src, "::");
  EXPECT_EQ(r.dst, "ff02::1:ff00:3");
  EXPECT_EQ(r.packet.icmp_type, 135);
  EXPECT_EQ(r.packet.ttl, 255);
  EXPECT_EQ(r.packet.ip_len, 72U);
  EXPECT_EQ(r.packet.payload_len, 24U);
}

}  // namespace
}  // namespace gp::test
