#include "tests/unit/capture/decode/decode_fixture.hpp"

namespace gp::test {
namespace {

TEST(Ipv4, FragmentedSynIsPendingThenReassembled) {
  const auto first = decode_frame("ipv4/fragmented-syn.pcap", 1);
  EXPECT_EQ(first.status, DecodeStatus::fragment_pending);
  EXPECT_EQ(first.counters.fragments, 1U);

  const auto r = decode_frame("ipv4/fragmented-syn.pcap", 2);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_TRUE(r.packet.reassembled);
  EXPECT_EQ(r.src, "192.168.1.100");
  EXPECT_EQ(r.dst, "10.0.0.5");
  EXPECT_EQ(r.packet.ip_id, 1);
  EXPECT_EQ(r.packet.ip_len, 60U);  // 20 + 24 + 16
  EXPECT_EQ(r.packet.src_port, 12345);
  EXPECT_EQ(r.packet.dst_port, 80);
  EXPECT_EQ(r.packet.tcp.seq, 1000U);
  EXPECT_EQ(r.packet.tcp.flags, tcp_flag::kSyn);
  EXPECT_EQ(r.packet.tcp.header_len, 40);  // the options crossed the fragment boundary
  EXPECT_EQ(r.counters.fragments, 2U);
  EXPECT_EQ(r.counters.reassembled, 1U);
}

TEST(Ipv4, OverlappingFragmentsAreCountedAndReassembled) {
  const auto r = decode_frame("ipv4/fragmented-4.pcap", 5);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_TRUE(r.packet.reassembled);
  EXPECT_EQ(r.packet.ip_len, 109U);
  EXPECT_EQ(r.packet.src_port, 7790);
  EXPECT_EQ(r.packet.dst_port, 80);
  EXPECT_EQ(r.packet.payload_len, 69U);
  EXPECT_EQ(r.counters.get(Anomaly::fragment_overlap), 1U);
}

TEST(Ipv4, FragmentsNeverCompletedStayPending) {
  const auto r = decode_frame("ipv4/fragmented-2.pcap", 3);
  EXPECT_EQ(r.status, DecodeStatus::fragment_pending);
  EXPECT_EQ(r.counters.reassembled, 0U);
  EXPECT_EQ(r.counters.get(Anomaly::fragment_overlap), 1U);  // frame 3 repeats frame 1
}

TEST(Ipv4, FiveFullSizedFragmentsOfAnFtpSegment) {
  const auto c = decode_all(zeek_trace("ipv4/fragmented-3.pcap"));
  EXPECT_EQ(c.fragments, 5U);
  EXPECT_EQ(c.reassembled, 0U);  // the trace stops before the last fragment
}

TEST(Ipv4, HeaderLongerThanTotalLengthIsMalformed) {
  const auto r = decode_frame("trunc/ipv4-truncated-broken-header.pcap", 1);  // IHL 60, total 20
  EXPECT_EQ(r.status, DecodeStatus::malformed);
  EXPECT_EQ(r.counters.get(Anomaly::ip_total_length_too_small), 1U);
}

TEST(Ipv4, OptionsCutBySnaplenAreTruncatedHeader) {
  const auto r = decode_frame("trunc/ipv4-internally-truncated-header.pcap", 1);  // IHL 60, 20 captured
  EXPECT_EQ(r.status, DecodeStatus::malformed);
  EXPECT_EQ(r.counters.get(Anomaly::truncated_ip_header), 1U);
}

TEST(Ipv4, TotalLengthBeyondTheWireFrameIsMalformed) {
  const auto r = decode_frame("tcp/reassembly.pcap", 7);  // total 1500 in a 1506-byte frame
  EXPECT_EQ(r.status, DecodeStatus::malformed);
  EXPECT_EQ(r.counters.get(Anomaly::ip_length_beyond_frame), 1U);
}

TEST(Ipv4, EthernetPaddingIsNotPayload) {
  const auto r = decode_frame("http-vlan-0.pcap", 3);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.packet.ip_len, 52U);
  EXPECT_EQ(r.packet.payload.size(), 0U);
  EXPECT_EQ(r.packet.payload_len, 0U);
}

}  // namespace
}  // namespace gp::test
