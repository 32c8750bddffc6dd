#include "tests/unit/capture/decode/decode_fixture.hpp"

namespace gp::test {
namespace {

TEST(Vlan, PriorityTaggedSynKeepsTagAndTcpFields) {
  const auto r = decode_frame("http-vlan-0.pcap", 1);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.packet.vlan_depth, 1);
  EXPECT_EQ(r.packet.vlan_outer, 0);
  EXPECT_EQ(r.src, "141.142.228.5");
  EXPECT_EQ(r.dst, "192.150.187.43");
  EXPECT_EQ(r.packet.src_port, 59856);
  EXPECT_EQ(r.packet.dst_port, 80);
  EXPECT_EQ(r.packet.tcp.seq, 4263588410U);
  EXPECT_EQ(r.packet.tcp.flags, tcp_flag::kSyn);
  EXPECT_EQ(r.packet.ip_len, 64U);
}

TEST(Vlan, QinQStacksTwoTags) {
  const auto r = decode_frame("http-qinq-0.pcap", 4);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.packet.vlan_depth, 2);
  EXPECT_EQ(r.packet.tcp.seq, 4263588411U);
  EXPECT_EQ(r.packet.tcp.ack, 2779762239U);
  EXPECT_EQ(r.packet.payload_len, 136U);
  EXPECT_EQ(r.packet.payload.size(), 136U);
}

TEST(Vlan, TagIdIsKept) {
  const auto r = decode_frame("mpls-in-vlan.pcap", 1);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.packet.vlan_depth, 1);
  EXPECT_EQ(r.packet.vlan_outer, 3199);
  EXPECT_EQ(r.packet.mpls_depth, 0);
}

}  // namespace
}  // namespace gp::test
