#include "tests/unit/capture/decode/decode_fixture.hpp"

namespace gp::test {
namespace {

TEST(Ieee80211, QosDataWithSnapCarriesDns) {
  const auto r = decode_frame("wlanmon.pcap", 1);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.src, "172.17.156.76");
  EXPECT_EQ(r.dst, "208.67.220.220");
  EXPECT_EQ(r.packet.src_port, 61738);
  EXPECT_EQ(r.packet.dst_port, 53);
  EXPECT_EQ(r.packet.payload_len, 35U);
}

TEST(Radiotap, HeaderSkippedThen80211) {
  const auto r = decode_frame("radiotap.pcap", 3);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.src, "fe80::a667:6ff:fef7:ec54");
  EXPECT_EQ(r.dst, "ff02::fb");
  EXPECT_EQ(r.packet.src_port, 5353);
  EXPECT_EQ(r.packet.payload_len, 280U);
  EXPECT_EQ(r.packet.ip_len, 328U);
}

}  // namespace
}  // namespace gp::test
