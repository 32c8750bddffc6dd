// PBB, VN-Tag and FabricPath: tags in front of (or around) an Ethernet frame.
#include "tests/unit/capture/decode/decode_fixture.hpp"

namespace gp::test {
namespace {

TEST(Pbb, BackboneTagThenCustomerFrame) {
  const auto r = decode_frame("pbb.pcap", 3);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.packet.vlan_outer, 4052);
  EXPECT_EQ(r.src, "10.199.242.132");
  EXPECT_EQ(r.dst, "224.0.0.5");
  EXPECT_EQ(r.packet.protocol, 89);  // OSPF: a flow with no ports
  EXPECT_EQ(r.packet.src_port, 0);
  EXPECT_EQ(r.packet.payload_len, 56U);
}

TEST(VnTag, TagThenVlanThenIp) {
  const auto r = decode_frame("vntag.pcap", 1);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.packet.vlan_outer, 11);
  EXPECT_EQ(r.src, "1.1.1.1");
  EXPECT_EQ(r.dst, "1.1.2.1");
  EXPECT_EQ(r.packet.protocol, 253);
  EXPECT_EQ(r.packet.ip_len, 100U);
}

TEST(FabricPath, OuterHeaderSkippedToClassicalEthernet) {
  const auto r = decode_frame("cisco-fabric-path.pcap", 2);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.src, "1.1.1.6");
  EXPECT_EQ(r.dst, "2.2.2.2");
  EXPECT_EQ(r.packet.src_port, 57005);
  EXPECT_EQ(r.packet.dst_port, 48879);
  EXPECT_EQ(r.packet.payload_len, 0U);
}

}  // namespace
}  // namespace gp::test
