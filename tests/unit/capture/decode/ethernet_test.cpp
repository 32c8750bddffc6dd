#include "tests/unit/capture/decode/decode_fixture.hpp"

namespace gp::test {
namespace {

TEST(Ethernet, IcmpEchoInEthernetII) {
  const auto r = decode_frame("raw_layer.pcap", 1);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.packet.ip_version, 4);
  EXPECT_EQ(r.src, "172.22.214.60");
  EXPECT_EQ(r.dst, "192.0.78.212");
  EXPECT_EQ(r.packet.protocol, ip_proto::kIcmp);
  EXPECT_EQ(r.packet.ttl, 64);
  EXPECT_EQ(r.packet.ip_id, 1);
  EXPECT_EQ(r.packet.ip_len, 28U);
  EXPECT_EQ(r.packet.icmp_type, 8);
  EXPECT_EQ(r.packet.icmp_code, 0);
  EXPECT_EQ(r.packet.payload_len, 0U);
  EXPECT_EQ(r.packet.vlan_depth, 0);
}

TEST(Ethernet, UnknownEtherTypeIsNotIpCountedByType) {
  const auto r = decode_frame("raw_layer.pcap", 2);  // EtherType 0x88b5 (local experimental)
  EXPECT_EQ(r.status, DecodeStatus::not_ip);
  EXPECT_EQ(r.counters.not_ip, 1U);
  EXPECT_EQ((r.counters.undecoded.at({UndecodedLayer::ethertype, 0x88b5})), 1U);
}

TEST(Ethernet, Ieee8023LlcFrameIsNotIpCountedByDsap) {
  const auto r = decode_frame("raw_packets.pcap", 3);  // STP BPDU
  EXPECT_EQ(r.status, DecodeStatus::not_ip);
  EXPECT_EQ((r.counters.undecoded.at({UndecodedLayer::llc_sap, 0x42})), 1U);
}

TEST(Ethernet, ArpIsNotIpCountedByEtherType) {
  const auto r = decode_frame("raw_packets.pcap", 9);
  EXPECT_EQ(r.status, DecodeStatus::not_ip);
  EXPECT_EQ((r.counters.undecoded.at({UndecodedLayer::ethertype, 0x0806})), 1U);
  EXPECT_EQ(describe_undecoded(UndecodedLayer::ethertype, 0x0806, 2),
            "2 packets of EtherType 0x0806 (ARP) not decoded");
}

TEST(Ethernet, FrameShorterThanHeaderIsTruncatedLinkHeader) {
  const auto r = decode_frame("trunc/trunc-hdr.pcap", 1);  // 8 bytes captured
  EXPECT_EQ(r.status, DecodeStatus::malformed);
  EXPECT_EQ(r.counters.get(Anomaly::truncated_link_header), 1U);
}

}  // namespace
}  // namespace gp::test
