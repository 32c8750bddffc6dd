#include "tests/unit/capture/decode/decode_fixture.hpp"

namespace gp::test {
namespace {

TEST(Ipv6, HopByHopThenRoutingThenUdp) {
  const auto r = decode_frame("ipv6-hbh-routing0.pcap", 1);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.src, "2001:4f8:4:7:2e0:81ff:fe52:ffff");
  EXPECT_EQ(r.dst, "2001:4f8:4:7:2e0:81ff:fe52:9a6b");
  EXPECT_EQ(r.packet.protocol, ip_proto::kUdp);
  EXPECT_EQ(r.packet.src_port, 53);
  EXPECT_EQ(r.packet.dst_port, 53);
  EXPECT_EQ(r.packet.ip_len, 99U);
  EXPECT_EQ(r.packet.payload_len, 3U);
}

TEST(Ipv6, DestinationOptionsThenUdp) {
  const auto r = decode_frame("ipv6-mobility-dst-opts.pcap", 3);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.packet.protocol, ip_proto::kUdp);
  EXPECT_EQ(r.packet.src_port, 30000);
  EXPECT_EQ(r.packet.dst_port, 13000);
}

TEST(Ipv6, ExtensionHeaderBeyondPayloadLengthIsBad) {
  const auto r = decode_frame("ipv6-mobility-dst-opts.pcap", 2);
  EXPECT_EQ(r.status, DecodeStatus::malformed);
  EXPECT_EQ(r.counters.get(Anomaly::bad_ipv6_extension_header), 1U);
}

TEST(Ipv6, ZeroLengthAuthenticationHeader) {
  const auto r = decode_frame("ipv6_zero_len_ah.pcap", 5);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.packet.protocol, ip_proto::kIcmpV6);
  EXPECT_EQ(r.packet.icmp_type, 128);
  EXPECT_EQ(r.packet.ip_len, 206U);
  EXPECT_EQ(r.packet.payload_len, 150U);  // 166 - 8 (AH) - 8 (ICMPv6 header)
}

TEST(Ipv6, AtomicFragmentIsDecodedInPlace) {
  const auto r = decode_frame("ipv6-http-atomic-frag.pcap", 4);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_FALSE(r.packet.reassembled);
  EXPECT_EQ(r.packet.src_port, 36951);
  EXPECT_EQ(r.packet.dst_port, 80);
  EXPECT_EQ(r.packet.ip_len, 68U);
  EXPECT_EQ(r.counters.fragments, 0U);
}

TEST(Ipv6, FragmentedDnsAnswerIsReassembled) {
  const Trace t = read_trace(zeek_trace("ipv6-fragmented-dns.pcap"));
  Decoder d;
  DecodedPacket p;
  EXPECT_EQ(decode_upto(d, t, 6, p), DecodeStatus::fragment_pending);
  EXPECT_EQ(d.decode(t.frame(7), p), DecodeStatus::fragment_pending);
  ASSERT_EQ(d.decode(t.frame(8), p), DecodeStatus::ok);
  EXPECT_TRUE(p.reassembled);
  EXPECT_EQ(p.ip_id, 2);
  EXPECT_EQ(p.protocol, ip_proto::kUdp);
  EXPECT_EQ(p.src_port, 53);
  EXPECT_EQ(p.dst_port, 51851);
  EXPECT_EQ(p.ip_len, 40U + 3238U);
  EXPECT_EQ(p.payload_len, 3230U);
  ASSERT_EQ(p.payload.size(), 3230U);
  EXPECT_EQ(p.payload[0], 0x9f);  // DNS id 0x9f91, read from the reassembler's buffer
  EXPECT_EQ(p.payload[1], 0x91);
  EXPECT_EQ(d.counters().reassembled, 1U);
}

TEST(Ipv6, PayloadLengthBeyondTheFrameIsMalformed) {
  const auto r = decode_frame("trunc/ip6-ext-trunc.pcap", 1);
  EXPECT_EQ(r.status, DecodeStatus::malformed);
  EXPECT_EQ(r.counters.get(Anomaly::ip_length_beyond_frame), 1U);
}

TEST(Ipv6, HeaderCutBySnaplenIsTruncated) {
  const auto r = decode_frame("trunc/ip6-trunc.pcap", 1);
  EXPECT_EQ(r.status, DecodeStatus::malformed);
  EXPECT_EQ(r.counters.get(Anomaly::truncated_ip_header), 1U);
}

}  // namespace
}  // namespace gp::test
