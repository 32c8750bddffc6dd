#include "tests/unit/capture/decode/decode_fixture.hpp"

namespace gp::test {
namespace {

TEST(Icmp, PortUnreachableQuotesTheUdpFlow) {
  const auto r = decode_frame("icmp/icmp-destunreach-udp.pcap", 1);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.src, "192.168.1.102");
  EXPECT_EQ(r.packet.icmp_type, 3);
  EXPECT_EQ(r.packet.icmp_code, 3);
  EXPECT_EQ(r.packet.payload_len, 148U);  // 176 - 20 - 8
  const IcmpQuote& q = r.packet.icmp_quote;
  ASSERT_TRUE(q.present);
  EXPECT_EQ(q.src.to_string(), "192.168.1.1");
  EXPECT_EQ(q.dst.to_string(), "192.168.1.102");
  EXPECT_EQ(q.protocol, ip_proto::kUdp);
  ASSERT_TRUE(q.has_ports);
  EXPECT_EQ(q.src_port, 53);
  EXPECT_EQ(q.dst_port, 59207);
}

TEST(Icmp, TimeExceededQuote) {
  const auto r = decode_frame("icmp/icmp-timeexceeded.pcap", 1);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.packet.icmp_type, 11);
  const IcmpQuote& q = r.packet.icmp_quote;
  ASSERT_TRUE(q.present);
  EXPECT_EQ(q.src.to_string(), "10.0.0.2");
  EXPECT_EQ(q.src_port, 30000);
  EXPECT_EQ(q.dst_port, 13000);
}

TEST(Icmp, UnreachableWithoutQuoteHasNoContext) {
  const auto r = decode_frame("icmp/icmp-destunreach-no-context.pcap", 1);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.packet.icmp_type, 3);
  EXPECT_FALSE(r.packet.icmp_quote.present);
}

TEST(Icmp, QuotedHeaderWithoutTransportHasNoPorts) {
  const auto r = decode_frame("icmp/icmp-destunreach-ip.pcap", 1);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_TRUE(r.packet.icmp_quote.present);
  EXPECT_FALSE(r.packet.icmp_quote.has_ports);
}

TEST(Icmp, EchoPayloadCutBySnaplen) {
  const auto r = decode_frame("trunc/icmp-payload-trunc.pcap", 1);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.packet.icmp_type, 8);
  EXPECT_EQ(r.packet.payload_len, 56U);
  EXPECT_EQ(r.packet.payload.size(), 38U);
}

TEST(Icmp, HeaderCutBySnaplenIsMalformed) {
  const auto r = decode_frame("trunc/icmp-header-trunc.pcap", 1);
  EXPECT_EQ(r.status, DecodeStatus::malformed);
  EXPECT_EQ(r.counters.get(Anomaly::truncated_icmp_header), 1U);
}

TEST(IcmpV6, DestinationUnreachableQuoteWalksExtensionHeaders) {
  const auto r = decode_frame("icmp/icmp6-destunreach-ip6ext-udp.pcap", 1);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.packet.icmp_type, 1);
  const IcmpQuote& q = r.packet.icmp_quote;
  ASSERT_TRUE(q.present);
  EXPECT_EQ(q.src.to_string(), "fe80::beef");
  EXPECT_EQ(q.dst.to_string(), "fe80::dead");
  EXPECT_EQ(q.protocol, ip_proto::kUdp);
  EXPECT_EQ(q.src_port, 30000);
  EXPECT_EQ(q.dst_port, 13000);
}

TEST(IcmpV6, QuoteCutInsideExtensionHeaderHasNoPorts) {
  const auto r = decode_frame("icmp/icmp6-destunreach-ip6ext-trunc.pcap", 1);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_TRUE(r.packet.icmp_quote.present);
  EXPECT_FALSE(r.packet.icmp_quote.has_ports);
}

TEST(IcmpV6, PacketTooBigTimeExceededParamProblemAreErrors) {
  for (const char* name : {"icmp/icmp6-toobig.pcap", "icmp/icmp6-timeexceeded.pcap", "icmp/icmp6-paramprob.pcap"}) {
    const auto r = decode_frame(name, 1);
    ASSERT_EQ(r.status, DecodeStatus::ok) << name;
    EXPECT_TRUE(r.packet.icmp_quote.has_ports) << name;
    EXPECT_EQ(r.packet.icmp_quote.dst_port, 13000) << name;
  }
}

TEST(IcmpV6, EchoIsNotAnError) {
  const auto r = decode_frame("linux_dlt_sll2.pcap", 3);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.packet.icmp_type, 128);
  EXPECT_FALSE(r.packet.icmp_quote.present);
}

}  // namespace
}  // namespace gp::test
