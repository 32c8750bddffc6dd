#include "tests/unit/capture/decode/decode_fixture.hpp"

namespace gp::test {
namespace {

TEST(Udp, PayloadLengthIsLengthFieldMinusEight) {
  const auto r = decode_frame("raw_packets.pcap", 1);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.src, "192.168.1.1");
  EXPECT_EQ(r.dst, "255.255.255.255");
  EXPECT_EQ(r.packet.src_port, 40190);
  EXPECT_EQ(r.packet.dst_port, 7437);
  EXPECT_EQ(r.packet.payload_len, 173U);
  EXPECT_EQ(r.packet.payload.size(), 173U);
}

TEST(Udp, MaximalDatagramCutBySnaplen) {
  const auto r = decode_frame("udp-contents-truncated-oob.pcap", 1);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.packet.src_port, 40000);
  EXPECT_EQ(r.packet.dst_port, 55555);
  EXPECT_EQ(r.packet.ip_len, 65535U);
  EXPECT_EQ(r.packet.payload_len, 65507U);
  EXPECT_EQ(r.packet.payload.size(), 0U);
}

}  // namespace
}  // namespace gp::test
