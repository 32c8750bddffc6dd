#include "tests/unit/capture/decode/decode_fixture.hpp"

namespace gp::test {
namespace {

TEST(Nflog, PayloadTlvHoldsTheSyn) {
  const auto r = decode_frame("nflog-http.pcap", 1);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.src, "10.0.2.15");
  EXPECT_EQ(r.dst, "93.184.216.34");
  EXPECT_EQ(r.packet.src_port, 49762);
  EXPECT_EQ(r.packet.dst_port, 80);
  EXPECT_EQ(r.packet.tcp.seq, 1060289233U);
  EXPECT_EQ(r.packet.ip_len, 60U);
}

TEST(Nflog, TlvShorterThanItsHeaderIsBadTlv) {
  const auto r = decode_frame("nflog-bad-tlv-len.pcap", 1);
  EXPECT_EQ(r.status, DecodeStatus::malformed);
  EXPECT_EQ(r.counters.get(Anomaly::bad_nflog_tlv), 1U);
}

}  // namespace
}  // namespace gp::test
