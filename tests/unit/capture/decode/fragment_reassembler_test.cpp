#include "capture/decode/fragment_reassembler.hpp"

#include "tests/unit/capture/decode/decode_fixture.hpp"

namespace gp::test {
namespace {

TEST(FragmentReassembler, DatagramOlderThanTimeoutIsDropped) {
  // One fragment a second for 46 s: the 30 s default expires the datagram mid-way.
  const auto c = decode_all(zeek_trace("ipv6-reassembly-state-leak.pcap"));
  EXPECT_EQ(c.fragments, 92U);
  EXPECT_EQ(c.get(Anomaly::fragment_timeout), 3U);
  EXPECT_EQ(c.reassembled, 0U);
}

TEST(FragmentReassembler, LongerTimeoutLetsTheSlowDatagramsComplete) {
  DecoderConfig config;
  config.fragment_timeout = 1000'000'000'000;
  const Trace t = read_trace(zeek_trace("ipv6-reassembly-state-leak.pcap"));
  Decoder d(config);
  DecodedPacket p;
  EXPECT_EQ(decode_upto(d, t, 45, p), DecodeStatus::fragment_pending);
  // The 46th fragment completes 65,528 bytes of payload behind an 8-byte hop-by-hop header;
  // its UDP length field is 0 (a jumbogram's), which UDP cannot take.
  EXPECT_EQ(d.decode(t.frame(46), p), DecodeStatus::malformed);
  EXPECT_TRUE(p.reassembled);
  EXPECT_EQ(p.ip_len, 40U + 8U + 65528U);
  EXPECT_EQ(d.counters().get(Anomaly::bad_udp_length), 1U);
  EXPECT_EQ(d.counters().get(Anomaly::fragment_timeout), 0U);
  EXPECT_EQ(d.counters().reassembled, 1U);
}

TEST(FragmentReassembler, ByteCapDropsADatagramThatCannotFit) {
  DecoderConfig config;
  config.max_fragment_bytes = 16;
  const auto r = decode_frame("ipv4/fragmented-syn.pcap", 2, config);
  EXPECT_EQ(r.status, DecodeStatus::malformed);
  EXPECT_EQ(r.counters.get(Anomaly::fragment_too_large), 2U);  // each fragment alone is too big
  EXPECT_EQ(r.counters.reassembled, 0U);
}

TEST(FragmentReassembler, FullPoolEvictsTheOldestDatagram) {
  DecoderConfig config;
  config.max_fragment_datagrams = 1;
  // Frame 4 starts datagram 1, which never completes; frame 6 starts datagram 2.
  const auto r = decode_frame("ipv6-fragmented-dns.pcap", 8, config);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_TRUE(r.packet.reassembled);
  EXPECT_EQ(r.counters.get(Anomaly::fragment_pool_full), 1U);
}

TEST(FragmentReassembler, BoundsHoldAndCompletedBytesAreReleased) {
  DecoderConfig config;
  FragmentReassembler reassembler(config);
  DecodeCounters counters;
  const std::array<std::uint8_t, 16> bytes{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  Fragment f;
  f.key.id = 7;
  f.key.version = 4;
  f.data = std::span<const std::uint8_t>(bytes).first(8);
  f.more = true;
  Reassembled out;
  EXPECT_EQ(reassembler.add(f, counters, out), FragmentResult::pending);
  f.offset = 8;
  f.more = false;
  f.data = std::span<const std::uint8_t>(bytes).subspan(8);
  ASSERT_EQ(reassembler.add(f, counters, out), FragmentResult::complete);
  ASSERT_EQ(out.payload.size(), 16U);
  EXPECT_EQ(out.payload[15], 16);
  EXPECT_EQ(reassembler.bytes_held(), 16U);
  reassembler.release_completed();
  EXPECT_EQ(reassembler.bytes_held(), 0U);
  EXPECT_EQ(reassembler.datagrams_in_flight(), 0U);
}

}  // namespace
}  // namespace gp::test
