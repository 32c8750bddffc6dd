#include "tests/unit/capture/decode/decode_fixture.hpp"

namespace gp::test {
namespace {

TEST(Mpls, SingleLabelThenIpv4ByVersionNibble) {
  const auto r = decode_frame("mixed-vlan-mpls.pcap", 1);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.packet.mpls_depth, 1);
  EXPECT_EQ(r.src, "10.1.2.1");
  EXPECT_EQ(r.dst, "10.34.0.1");
  EXPECT_EQ(r.packet.src_port, 11001);
  EXPECT_EQ(r.packet.dst_port, 23);
  EXPECT_EQ(r.packet.tcp.header_len, 24);
  EXPECT_EQ(r.packet.tcp.options.size(), 4U);
}

TEST(Mpls, TwoLabelStackInsideVlan) {
  const auto r = decode_frame("mpls-in-vlan.pcap", 3);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.packet.vlan_outer, 3399);
  EXPECT_EQ(r.packet.mpls_depth, 2);
  EXPECT_EQ(r.packet.src_port, 61193);
  EXPECT_EQ(r.packet.dst_port, 80);
  EXPECT_EQ(r.packet.payload_len, 658U);
}

TEST(Mpls, BrokenPacketsAfterTheStackAreCountedByWhatIsWrong) {
  // MPLS + IPv6 carrying IPv6-in-IPv6 (protocol 41, a tunnel: not followed yet); the rest
  // of the frames hold garbage after the label stack.
  const auto c = decode_all(zeek_trace("trunc/mpls-6in6-broken.pcap.gz"));
  EXPECT_EQ(c.frames, 1811U);
  EXPECT_EQ(c.ip_packets, 1774U);
  EXPECT_EQ(c.get(Anomaly::bad_ip_version), 22U);
  EXPECT_EQ(c.get(Anomaly::truncated_ip_header), 12U);
  EXPECT_EQ(c.get(Anomaly::ip_total_length_too_small), 3U);
}

}  // namespace
}  // namespace gp::test
