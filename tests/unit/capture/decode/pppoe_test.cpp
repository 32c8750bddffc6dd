#include "tests/unit/capture/decode/decode_fixture.hpp"

namespace gp::test {
namespace {

TEST(Pppoe, SessionCarryingIpv4OverQinQ) {
  const auto r = decode_frame("pppoe-over-qinq.pcap", 1);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.packet.vlan_depth, 2);
  EXPECT_EQ(r.packet.vlan_outer, 3704);
  EXPECT_EQ(r.packet.vlan_inner, 2474);
  EXPECT_EQ(r.src, "1.1.1.1");
  EXPECT_EQ(r.dst, "2.2.2.2");
  EXPECT_EQ(r.packet.ip_len, 64U);
  EXPECT_EQ(r.packet.src_port, 20394);
  EXPECT_EQ(r.packet.dst_port, 443);
}

TEST(Pppoe, SessionCarryingIpv6WithHopByHop) {
  const auto r = decode_frame("pppoe.pcap", 22);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.src, "fe80::c801:eff:fe88:8");
  EXPECT_EQ(r.dst, "ff02::16");
  EXPECT_EQ(r.packet.protocol, ip_proto::kIcmpV6);
  EXPECT_EQ(r.packet.icmp_type, 143);  // MLDv2 report
  EXPECT_EQ(r.packet.ip_len, 76U);
}

TEST(Pppoe, DiscoveryAndLcpAreNotIpCountedByWhatTheyAre) {
  const auto c = decode_all(zeek_trace("pppoe.pcap"));
  EXPECT_EQ((c.undecoded.at({UndecodedLayer::ethertype, 0x8863})), 4U);
  EXPECT_EQ((c.undecoded.at({UndecodedLayer::ppp_protocol, 0xc021})), 24U);
  EXPECT_EQ((c.undecoded.at({UndecodedLayer::ppp_protocol, 0x8021})), 6U);
  EXPECT_EQ((c.undecoded.at({UndecodedLayer::ppp_protocol, 0x8057})), 4U);
  EXPECT_EQ((c.undecoded.at({UndecodedLayer::ppp_protocol, 0xc023})), 2U);
  EXPECT_EQ(c.ip_packets, 25U);
  EXPECT_EQ(c.not_ip, 40U);
}

}  // namespace
}  // namespace gp::test
