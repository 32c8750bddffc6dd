// SPAN duplicates at the decoder: which bytes the fingerprint ignores, the window, the
// bounded table, and copies that a switch retagged and a router aged by one hop.
#include <gtest/gtest.h>

#include "capture/decode/decoder.hpp"
#include "capture/decode/deduplicator.hpp"
#include "tests/unit/capture/decode/frame_builder.hpp"

namespace gp::test {
namespace {

constexpr TimeNs kMs = 1'000'000;

build::Bytes tcp_packet(std::uint8_t ttl = 64, std::uint8_t tos = 0, std::uint32_t seq = 1000) {
  return build::ipv4(ip_proto::kTcp, build::tcp(40000, 443, 0x18, seq, build::Bytes{'h', 'i'}),
                     {"10.0.0.1", "10.0.0.2", ttl, 7, tos});
}

std::uint64_t fingerprint(const build::Bytes& ip) { return packet_fingerprint(ip, 4, 20, ip_proto::kTcp, true); }

TEST(Fingerprint, IgnoresWhatSwitchesAndRoutersRewrite) {
  const build::Bytes a = tcp_packet();
  build::Bytes b = tcp_packet(63, 0x10);  // one hop later, remarked DSCP; header checksum differs too
  ASSERT_NE(a, b);
  b[20 + 16] ^= 0xff;  // and another TCP checksum (offload on one copy)
  EXPECT_EQ(fingerprint(a), fingerprint(b));
}

TEST(Fingerprint, SeesEverythingElse) {
  EXPECT_NE(fingerprint(tcp_packet()), fingerprint(tcp_packet(64, 0, 1001)));
  build::Bytes other_payload = tcp_packet();
  other_payload.back() = 'o';
  EXPECT_NE(fingerprint(tcp_packet()), fingerprint(other_payload));
  const build::Bytes v6a = build::ipv6(ip_proto::kUdp, build::udp(1, 2, {1, 2, 3}), "2001:db8::1", "2001:db8::2", 64);
  const build::Bytes v6b = build::ipv6(ip_proto::kUdp, build::udp(1, 2, {1, 2, 3}), "2001:db8::1", "2001:db8::2", 17);
  EXPECT_EQ(packet_fingerprint(v6a, 6, 40, ip_proto::kUdp, true), packet_fingerprint(v6b, 6, 40, ip_proto::kUdp, true));
}

TEST(Deduplicator, WithinTheWindowOfTheFirstSightingOnly) {
  Deduplicator d(1024);
  EXPECT_FALSE(d.seen_within(42, 10 * kMs, kMs));
  EXPECT_TRUE(d.seen_within(42, 10 * kMs + kMs / 2, kMs));
  EXPECT_TRUE(d.seen_within(42, 11 * kMs, kMs));                // still the first sighting's window
  EXPECT_FALSE(d.seen_within(42, 11 * kMs + 1, kMs));           // later: a new first sighting
  EXPECT_TRUE(d.seen_within(42, 11 * kMs + 1 - kMs / 4, kMs));  // a copy stamped a little earlier
}

TEST(Deduplicator, MemoryIsFixedAndForgettingEarlyIsCounted) {
  Deduplicator d(8);  // two buckets of four
  EXPECT_EQ(d.slots(), 8U);
  for (std::uint64_t h = 1; h <= 1000; ++h) d.seen_within(h * 2654435761ULL, kMs, kMs);
  EXPECT_EQ(d.slots(), 8U);
  EXPECT_GT(d.table_pressure(), 900U);
}

struct Feeder {
  DecoderConfig config;
  Decoder decoder;
  explicit Feeder(const DecoderConfig& c) : config(c), decoder(c) {}
  DecodeStatus feed(const build::Bytes& bytes, TimeNs ts) {
    DecodedPacket p;
    return decoder.decode(build::frame(bytes, ts), p);
  }
};

TEST(DecoderDedup, DropsARetaggedCopyOneHopLater) {
  DecoderConfig c;
  c.dedup_window = kMs;
  Feeder run(c);
  const build::Bytes original = build::eth4(tcp_packet());
  const build::Bytes copy = build::eth4(tcp_packet(63), 20);  // VLAN 20, TTL 63
  EXPECT_EQ(run.feed(original, 5 * kMs), DecodeStatus::ok);
  EXPECT_EQ(run.feed(copy, 5 * kMs + 30'000), DecodeStatus::duplicate);
  EXPECT_EQ(run.feed(copy, 9 * kMs), DecodeStatus::ok);  // outside the window: a retransmission, kept
  EXPECT_EQ(run.decoder.counters().duplicates.dropped, 1U);
  EXPECT_EQ(run.decoder.counters().ip_packets, 2U);
}

TEST(DecoderDedup, OffByDefaultButCopiesAreCounted) {
  Feeder run{DecoderConfig{}};
  const build::Bytes packet = build::eth4(tcp_packet());
  EXPECT_EQ(run.feed(packet, kMs), DecodeStatus::ok);
  EXPECT_EQ(run.feed(packet, kMs), DecodeStatus::ok);
  EXPECT_EQ(run.decoder.counters().duplicates.dropped, 0U);
  EXPECT_EQ(run.decoder.counters().duplicates.seen_kept, 1U);
}

TEST(DecoderDedup, CopiedFragmentsAreDroppedBeforeReassembly) {
  DecoderConfig c;
  c.dedup_window = kMs;
  Feeder run(c);
  // Two fragments of one datagram, each seen twice.
  build::Bytes payload(32, 0xab);
  build::Bytes first = build::ipv4(ip_proto::kUdp, build::Bytes(payload.begin(), payload.begin() + 16));
  first[6] = 0x20;  // MF
  build::put16(first, 10, 0);
  build::put16(first, 10, build::ones_complement(build::Bytes(first.begin(), first.begin() + 20)));
  build::Bytes second = build::ipv4(ip_proto::kUdp, build::Bytes(payload.begin() + 16, payload.end()));
  build::put16(second, 6, 2);  // offset 16 bytes
  EXPECT_EQ(run.feed(build::eth4(first), kMs), DecodeStatus::fragment_pending);
  EXPECT_EQ(run.feed(build::eth4(first), kMs), DecodeStatus::duplicate);
  EXPECT_EQ(run.feed(build::eth4(second), kMs + 10), DecodeStatus::ok);
  EXPECT_EQ(run.feed(build::eth4(second), kMs + 20), DecodeStatus::duplicate);
  EXPECT_EQ(run.decoder.counters().get(Anomaly::fragment_overlap), 0U);
}

TEST(Checksums, VerifiedOnlyWhenAsked) {
  build::Bytes ip = build::ipv4(ip_proto::kUdp, build::udp(5000, 6000, build::Bytes{1, 2, 3, 4}));
  build::put16(ip, 20 + 6, 0x1234);  // a wrong UDP checksum
  const build::Bytes bad = build::eth4(ip);
  DecodedPacket p;
  Decoder lenient;
  ASSERT_EQ(lenient.decode(build::frame(bad), p), DecodeStatus::ok);
  EXPECT_FALSE(p.bad_checksum);
  DecoderConfig c;
  c.verify_checksums = true;
  Decoder strict(c);
  ASSERT_EQ(strict.decode(build::frame(bad), p), DecodeStatus::ok);
  EXPECT_TRUE(p.bad_checksum);
  build::put16(ip, 20 + 6, 0);  // IPv4 UDP without a checksum is fine
  const build::Bytes none = build::eth4(ip);
  ASSERT_EQ(strict.decode(build::frame(none), p), DecodeStatus::ok);
  EXPECT_FALSE(p.bad_checksum);
}

TEST(Checksums, RightOnesPassForTcpAndUdpOverIpv4AndIpv6) {
  DecoderConfig c;
  c.verify_checksums = true;
  Decoder strict(c);
  DecodedPacket p;
  // Checksums computed here over the pseudo-header, independently of the decoder.
  const auto v4sum = [](build::Bytes ip) {
    build::Bytes pseudo(ip.begin() + 12, ip.begin() + 20);
    pseudo.push_back(0);
    pseudo.push_back(ip[9]);
    build::append16(pseudo, static_cast<std::uint16_t>(ip.size() - 20));
    build::Bytes l4(ip.begin() + 20, ip.end());
    const std::size_t at = ip[9] == ip_proto::kTcp ? 16 : 6;
    build::put16(ip, 20 + at, build::ones_complement(build::cat(pseudo, l4)));
    return ip;
  };
  const build::Bytes tcp4 = build::eth4(v4sum(tcp_packet()));
  ASSERT_EQ(strict.decode(build::frame(tcp4), p), DecodeStatus::ok);
  EXPECT_FALSE(p.bad_checksum);
  const build::Bytes udp4 = build::eth4(v4sum(build::ipv4(ip_proto::kUdp, build::udp(1, 2, {9, 9, 9}))));
  ASSERT_EQ(strict.decode(build::frame(udp4), p), DecodeStatus::ok);
  EXPECT_FALSE(p.bad_checksum);
  build::Bytes v6 = build::ipv6(ip_proto::kUdp, build::udp(1, 2, {9, 9, 9}));
  build::Bytes pseudo(v6.begin() + 8, v6.begin() + 40);
  build::append32(pseudo, static_cast<std::uint32_t>(v6.size() - 40));
  build::append32(pseudo, ip_proto::kUdp);
  build::put16(v6, 40 + 6, build::ones_complement(build::cat(pseudo, build::Bytes(v6.begin() + 40, v6.end()))));
  ASSERT_EQ(strict.decode(build::frame(build::ethernet(0x86dd, v6)), p), DecodeStatus::ok);
  EXPECT_FALSE(p.bad_checksum);
}

}  // namespace
}  // namespace gp::test
