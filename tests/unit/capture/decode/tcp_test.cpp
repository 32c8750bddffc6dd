#include "tests/unit/capture/decode/decode_fixture.hpp"

namespace gp::test {
namespace {

TEST(Tcp, SynOptionsSpan) {
  const auto r = decode_frame("tcp/options.pcap", 1);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.src, "192.168.1.102");
  EXPECT_EQ(r.packet.src_port, 36861);
  EXPECT_EQ(r.packet.dst_port, 80);
  EXPECT_EQ(r.packet.tcp.seq, 3750886907U);
  EXPECT_EQ(r.packet.tcp.window, 5840);
  EXPECT_EQ(r.packet.tcp.flags, tcp_flag::kSyn);
  EXPECT_EQ(r.packet.tcp.header_len, 40);
  const std::vector<std::uint8_t> options(r.packet.tcp.options.begin(), r.packet.tcp.options.end());
  const std::vector<std::uint8_t> expected{0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a, 0xff, 0xff,
                                           0x54, 0xe9, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x06};
  EXPECT_EQ(options, expected);  // MSS 1460, SACK permitted, timestamps, NOP, window scale 6
}

TEST(Tcp, OptionsCutBySnaplenAreATruncatedHeader) {
  // 68 of 74 bytes captured: the SYN's 40-byte header is cut (Zeek drops it too).
  const auto r = decode_frame("tcp/truncated-header.pcap", 1);
  EXPECT_EQ(r.status, DecodeStatus::malformed);
  EXPECT_EQ(r.counters.get(Anomaly::truncated_tcp_header), 1U);
}

TEST(Tcp, PayloadLengthComesFromHeadersWhenSnaplenCutThePayload) {
  const auto r = decode_frame("tcp/truncated-header.pcap", 4);  // 84 bytes of data, none captured
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.packet.src_port, 25);
  EXPECT_EQ(r.packet.payload_len, 84U);
  EXPECT_EQ(r.packet.payload.size(), 0U);
  EXPECT_EQ(r.counters.get(Anomaly::truncated_ip_payload), 2U);  // frames 1 and 4
}

TEST(Tcp, HeaderNotCapturedAtAll) {
  const auto r = decode_frame("trunc/ip-discarder-truncated-tcp-oob.pcapng", 1);
  EXPECT_EQ(r.status, DecodeStatus::malformed);
  EXPECT_EQ(r.counters.get(Anomaly::truncated_tcp_header), 1U);
}

}  // namespace
}  // namespace gp::test
