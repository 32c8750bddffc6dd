// Fingerprints and probe kinds on first segments built with the exact fields the tools
// send (values taken from the bundled captures of the real tools, pcaps/scanner_noise.pcapng).
#include <gtest/gtest.h>

#include "capture/decode/decoded_packet.hpp"
#include "classify/scan/fingerprint.hpp"
#include "classify/scan/probe.hpp"
#include "tests/support/addresses.hpp"

namespace gp::scan {
namespace {

IpAddress test_addr(const char* text) { return test::ip(text); }

FirstSegment seg(std::uint8_t flags, std::uint16_t window, std::uint8_t ttl, std::uint16_t id, std::uint32_t seq,
                 std::uint32_t dst, std::uint16_t dport, std::initializer_list<std::uint8_t> opts = {}) {
  FirstSegment s;
  s.present = true;
  s.flags = flags;
  s.window = window;
  s.ttl = ttl;
  s.ip_id = id;
  s.seq = seq;
  s.dst_v4 = dst;
  s.dst_port = dport;
  for (auto b : opts) s.options[s.options_size++] = b;
  return s;
}

constexpr std::uint32_t kHost = (10U << 24) | (20U << 16) | (1U << 8) | 122U;  // 10.20.1.122

TEST(Fingerprint, ZmapIpId54321) {
  EXPECT_EQ(fingerprint(seg(0x02, 65535, 255, 54321, 3191040849U, kHost, 3255)), ScanTool::zmap);
}

TEST(Fingerprint, MasscanIpIdIsDstXorPortXorSeq) {
  // Captured: 10.20.1.122:22 seq 217393107 id 0x26bf.
  EXPECT_EQ(fingerprint(seg(0x02, 1024, 255, 0x26bf, 217393107U, kHost, 22)), ScanTool::masscan);
  EXPECT_NE(fingerprint(seg(0x02, 1024, 255, 0x26c0, 217393107U, kHost, 22)), ScanTool::masscan);
}

TEST(Fingerprint, MiraiSeqIsDestinationAddress) {
  EXPECT_EQ(fingerprint(seg(0x02, 14600, 64, 1234, kHost, kHost, 23)), ScanTool::mirai);
}

TEST(Fingerprint, Hping3DefaultWindow512NoOptions) {
  EXPECT_EQ(fingerprint(seg(0x02, 512, 64, 0xe8c2, 329274549U, kHost, 3206)), ScanTool::hping3);
}

TEST(Fingerprint, NmapSynWindow1024Mss1460) {
  EXPECT_EQ(fingerprint(seg(0x02, 1024, 42, 0x0101, 688406740U, kHost, 21, {2, 4, 5, 0xb4})), ScanTool::nmap);
  EXPECT_EQ(fingerprint(seg(0x29, 1024, 49, 0xc08e, 2864467155U, kHost, 80)), ScanTool::nmap);  // -sX
  EXPECT_EQ(fingerprint(seg(0x02, 4096, 50, 0x1111, 5U, kHost, 80, {2, 4, 5, 0xb4})), ScanTool::nmap);
}

TEST(Fingerprint, NmapOsDetectionTimestamp) {
  EXPECT_EQ(fingerprint(seg(0x02, 1, 50, 0x2222, 7U, kHost, 22,
                            {3, 3, 10, 1, 2, 4, 5, 0xb4, 8, 10, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 4, 2})),
            ScanTool::nmap);
}

TEST(Fingerprint, KernelSynIsUnknownAndDescribed) {
  const auto s = seg(0x02, 64240, 64, 0x61ca, 1965533987U, kHost, 22,
                     {2, 4, 5, 0xb4, 4, 2, 8, 10, 1, 2, 3, 4, 0, 0, 0, 0, 1, 3, 3, 10});
  EXPECT_EQ(fingerprint(s), ScanTool::unknown);
  EXPECT_EQ(describe_segment(s), "flags=0x02 win=64240 ttl=64 id=0x61ca opts=mss,sackok,ts,nop,ws");
}

TEST(Fingerprint, BackscatterSynAckOrRst) {
  EXPECT_EQ(fingerprint(seg(0x12, 64240, 64, 1, 2, kHost, 2347)), ScanTool::backscatter);
  EXPECT_EQ(fingerprint(seg(0x04, 0, 64, 1, 2, kHost, 1798)), ScanTool::backscatter);
}

TEST(Fingerprint, VocabularyMatchesFeatureCatalogue) {
  for (const auto* name : {"none", "nmap", "masscan", "zmap", "hping3", "mirai", "backscatter", "unknown"}) {
    const auto t = parse_scan_tool(name);
    ASSERT_TRUE(t.has_value()) << name;
    EXPECT_EQ(to_string(*t), name);
  }
}

ConnRecord record(std::uint8_t proto, std::string history, std::uint64_t resp_pkts = 0) {
  ConnRecord r;
  r.orig_h = test_addr("203.0.113.245");
  r.resp_h = test_addr("10.20.1.12");
  r.orig_p = 40000;
  r.resp_p = 3255;
  r.ip_proto = proto;
  r.history = std::move(history);
  r.orig_pkts = 1;
  r.resp_pkts = resp_pkts;
  return r;
}

FlowEvidence evidence(std::uint8_t flags) {
  FlowEvidence e;
  e.first_orig_segment = seg(flags, 1024, 50, 1, 2, kHost, 3255);
  return e;
}

TEST(Probe, SynAnsweredByRstIsClosed) {
  const auto p = classify_probe(record(6, "Sr", 1), evidence(0x02));
  EXPECT_EQ(p.kind, ProbeKind::syn);
  EXPECT_EQ(p.outcome, ProbeOutcome::closed);
}

TEST(Probe, SynAnsweredBySynAckIsOpen) {
  const auto p = classify_probe(record(6, "ShR", 1), evidence(0x02));
  EXPECT_EQ(p.kind, ProbeKind::syn);
  EXPECT_EQ(p.outcome, ProbeOutcome::open);
}

TEST(Probe, HandshakeThenRstWithoutDataIsConnect) {
  EXPECT_EQ(classify_probe(record(6, "ShAR", 1), evidence(0x02)).kind, ProbeKind::connect);
  EXPECT_EQ(classify_probe(record(6, "ShADadfF", 4), evidence(0x02)).kind, ProbeKind::session);
}

TEST(Probe, StealthKindsFromFlags) {
  EXPECT_EQ(classify_probe(record(6, "F"), evidence(0x01)).kind, ProbeKind::fin);
  EXPECT_EQ(classify_probe(record(6, "-"), evidence(0x00)).kind, ProbeKind::null_scan);
  EXPECT_EQ(classify_probe(record(6, "Fr", 1), evidence(0x29)).kind, ProbeKind::xmas);
  EXPECT_EQ(classify_probe(record(6, "A"), evidence(0x10)).kind, ProbeKind::ack);
  EXPECT_EQ(classify_probe(record(6, "F"), evidence(0x11)).kind, ProbeKind::maimon);
  EXPECT_EQ(classify_probe(record(6, "F"), evidence(0x01)).outcome, ProbeOutcome::unanswered);
}

TEST(Probe, UdpOutcomes) {
  auto r = record(17, "D");
  EXPECT_EQ(classify_probe(r, FlowEvidence{}).outcome, ProbeOutcome::unanswered);
  r.icmp_errors = 1;
  EXPECT_EQ(classify_probe(r, FlowEvidence{}).outcome, ProbeOutcome::unreachable);
  r.resp_pkts = 1;
  EXPECT_EQ(classify_probe(r, FlowEvidence{}).outcome, ProbeOutcome::open);
}

TEST(Probe, IcmpEchoIsSweepProbeAndErrorsAreIgnored) {
  auto r = record(1, "");
  r.orig_p = 8;
  EXPECT_EQ(classify_probe(r, FlowEvidence{}).kind, ProbeKind::icmp_echo);
  r.orig_p = 3;
  EXPECT_EQ(classify_probe(r, FlowEvidence{}).kind, ProbeKind::other);
}

TEST(Probe, BackscatterEmitterIsTheAnsweringHost) {
  auto r = record(6, "H");
  r.orig_h = test_addr("203.0.113.134");
  r.orig_p = 3511;
  r.resp_h = test_addr("10.20.2.138");
  r.resp_p = 2347;
  auto p = classify_probe(r, evidence(0x12));
  EXPECT_EQ(p.kind, ProbeKind::backscatter);
  EXPECT_EQ(p.source, test_addr("203.0.113.134"));
  EXPECT_EQ(p.port, 3511);
  // Zeek flipped roles: history "^h", the emitter is now the responder.
  std::swap(r.orig_h, r.resp_h);
  std::swap(r.orig_p, r.resp_p);
  r.history = "^h";
  p = classify_probe(r, FlowEvidence{});
  EXPECT_EQ(p.kind, ProbeKind::backscatter);
  EXPECT_EQ(p.source, test_addr("203.0.113.134"));
  EXPECT_EQ(p.port, 3511);
}

}  // namespace
}  // namespace gp::scan
