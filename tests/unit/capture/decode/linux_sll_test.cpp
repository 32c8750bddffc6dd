#include "tests/unit/capture/decode/decode_fixture.hpp"

namespace gp::test {
namespace {

TEST(LinuxSll, ArpIsNotIpCountedByEtherType) {
  const auto c = decode_all(zeek_trace("linuxsll-arp.pcap"));
  EXPECT_EQ(c.frames, 12U);
  EXPECT_EQ(c.not_ip, 12U);
  EXPECT_EQ((c.undecoded.at({UndecodedLayer::ethertype, 0x0806})), 12U);
}

TEST(LinuxSll, TlsOverSllV1) {
  const auto r = decode_frame("tls/irc-starttls.pcap", 1);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.packet.protocol, ip_proto::kTcp);
}

TEST(LinuxSll2, IcmpEchoV4AndV6) {
  const auto v4 = decode_frame("linux_dlt_sll2.pcap", 1);
  ASSERT_EQ(v4.status, DecodeStatus::ok);
  EXPECT_EQ(v4.src, "192.0.2.1");
  EXPECT_EQ(v4.packet.icmp_type, 8);
  EXPECT_EQ(v4.packet.ip_len, 84U);
  EXPECT_EQ(v4.packet.payload_len, 56U);

  const auto v6 = decode_frame("linux_dlt_sll2.pcap", 4);
  ASSERT_EQ(v6.status, DecodeStatus::ok);
  EXPECT_EQ(v6.src, "fe80::8c36:6ff:fe44:acaf");
  EXPECT_EQ(v6.packet.icmp_type, 129);
  EXPECT_EQ(v6.packet.ip_len, 104U);
}

}  // namespace
}  // namespace gp::test
