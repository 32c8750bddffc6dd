#include "tests/unit/capture/decode/decode_fixture.hpp"

namespace gp::test {
namespace {

TEST(RawIp, DltRawSynWithPayload) {
  const auto r = decode_frame("tcp/payload-syn.pcap", 1);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.src, "192.168.0.1");
  EXPECT_EQ(r.packet.src_port, 80);
  EXPECT_EQ(r.packet.dst_port, 80);
  EXPECT_EQ(r.packet.tcp.seq, 10U);
  EXPECT_EQ(r.packet.tcp.flags, tcp_flag::kSyn);
  EXPECT_EQ(r.packet.payload_len, 100U);
}

TEST(RawIp, DltIpv4Ping) {
  const auto r = decode_frame("tcp/timeout-with-pings.pcap", 4);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.src, "192.168.1.10");
  EXPECT_EQ(r.dst, "192.168.1.20");
  EXPECT_EQ(r.packet.icmp_type, 8);
  EXPECT_EQ(r.packet.ip_len, 28U);
}

TEST(RawIp, DltIpv6MldQueryBehindHopByHop) {
  const auto r = decode_frame("icmp/icmp6-mld-query.pcap", 1);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.src, "2001:db8::527:cdf4");
  EXPECT_EQ(r.dst, "ff02::1");
  EXPECT_EQ(r.packet.protocol, ip_proto::kIcmpV6);
  EXPECT_EQ(r.packet.icmp_type, 130);
  EXPECT_EQ(r.packet.ip_len, 72U);
  EXPECT_EQ(r.packet.payload_len, 16U);  // 32 - 8 (hop-by-hop) - 8 (ICMPv6 header)
}

}  // namespace
}  // namespace gp::test
