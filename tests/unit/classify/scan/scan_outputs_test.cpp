// Issue 25's scan-report points on synthetic flows: one episode per tool run (a source
// running masscan, then nmap, then zmap is three scans), the hosts that answered with their
// open ports and who found them, human durations, and payload bytes shown escaped and in hex.
#include <gtest/gtest.h>

#include <fmt/core.h>

#include "classify/scan/scan_detector.hpp"
#include "classify/scan/scan_episode_json.hpp"
#include "tests/unit/classify/scan/scan_runner.hpp"

namespace gp::scan {
namespace {

using test::addr;
using test::session;
using test::tcp_record;
using test::TcpRecordShape;

constexpr TimeNs kSecond = 1'000'000'000;

// A SYN from `src` to dst:port whose first segment carries `tool`'s fingerprint; `open`: the
// target answered SYN-ACK (then the prober's RST), else RST.
void probe(ScanDetector& d, const std::string& src, const std::string& dst, std::uint16_t port, TimeNs t, ScanTool tool,
           bool open = false) {
  const TcpRecordShape refused;                                                   // answered by a RST
  const TcpRecordShape accepted{refused.sport, "ShR", ConnState::RSTO, 2, 1, 0};  // the prober's RST after it
  const ConnRecord r = tcp_record(src, dst, port, t, open ? accepted : refused);
  FlowEvidence e;
  FirstSegment& s = e.first_orig_segment;
  s.present = true;
  s.flags = 0x02;
  s.ttl = 50;
  s.seq = 0x12345678;
  s.dst_port = port;
  s.dst_v4 = 0x0a000101;  // 10.0.1.1
  switch (tool) {
    case ScanTool::zmap:
      s.ip_id = 54321;
      s.window = 65535;
      break;
    case ScanTool::masscan:
      s.window = 1024;
      s.ip_id = static_cast<std::uint16_t>((s.dst_v4 ^ s.dst_port ^ s.seq) & 0xffffU);
      break;
    case ScanTool::nmap:
      s.window = 1024;
      s.ip_id = 7;
      break;
    default:
      s.window = 64240;
      s.ip_id = 9;
      break;
  }
  ASSERT_EQ(fingerprint(s), tool == ScanTool::none ? ScanTool::unknown : tool);
  d.observe(r, e);
}

TEST(ScanOutputs, EachToolRunIsItsOwnEpisode) {
  ScanDetector d;
  TimeNs t = kSecond;
  for (std::uint16_t p = 1; p <= 30; ++p) probe(d, "192.0.2.9", "10.0.1.1", p, t += kSecond / 10, ScanTool::masscan);
  for (std::uint16_t p = 1; p <= 30; ++p) probe(d, "192.0.2.9", "10.0.1.1", p, t += kSecond / 10, ScanTool::nmap);
  for (std::uint16_t p = 1; p <= 30; ++p) probe(d, "192.0.2.9", "10.0.1.1", p, t += kSecond / 10, ScanTool::zmap);
  d.finish();
  ASSERT_EQ(d.episodes().size(), 3U);
  EXPECT_EQ(d.episodes()[0].tool, ScanTool::masscan);
  EXPECT_EQ(d.episodes()[0].end, EpisodeEnd::tool_changed);
  // The switch shows after 3 nmap probes in a row; the first 2 stay with the masscan run.
  EXPECT_EQ(d.episodes()[0].probes, 32U);
  EXPECT_EQ(d.episodes()[1].probes, 30U);
  EXPECT_EQ(d.episodes()[1].tool, ScanTool::nmap);
  EXPECT_EQ(d.episodes()[1].end, EpisodeEnd::tool_changed);
  EXPECT_EQ(d.episodes()[2].tool, ScanTool::zmap);
  EXPECT_EQ(d.episodes()[2].end, EpisodeEnd::capture_end);
  EXPECT_EQ(to_string(EpisodeEnd::tool_changed), "tool_changed");
}

TEST(ScanOutputs, OneStrayPacketOfAnotherToolSplitsNothing) {
  ScanDetector d;
  TimeNs t = kSecond;
  for (std::uint16_t p = 1; p <= 30; ++p) {
    probe(d, "192.0.2.9", "10.0.1.1", p, t += kSecond / 10, p == 15 ? ScanTool::zmap : ScanTool::masscan);
  }
  d.finish();
  ASSERT_EQ(d.episodes().size(), 1U);
  EXPECT_EQ(d.episodes()[0].tool, ScanTool::masscan);
  ScanDetector unfingerprinted;
  t = kSecond;
  for (std::uint16_t p = 1; p <= 30; ++p)
    probe(unfingerprinted, "192.0.2.9", "10.0.1.1", p, t += kSecond / 10, ScanTool::none);
  unfingerprinted.finish();
  EXPECT_EQ(unfingerprinted.episodes().size(), 1U);
}

TEST(ScanOutputs, TargetsListTheHostsThatAnsweredTheirPortsAndWhoFoundThem) {
  ScanDetector d;
  TimeNs t = kSecond;
  for (std::uint16_t p = 1; p <= 40; ++p) {
    const bool open = p == 22 || p == 25 || p == 3;
    probe(d, "192.0.2.9", "10.0.1.1", p, t += kSecond / 10, ScanTool::nmap, open);
  }
  probe(d, "198.51.100.4", "10.0.1.1", 22, t += kSecond, ScanTool::none, true);     // one check, no scanner
  probe(d, "192.0.2.9", "10.0.1.2", 80, t += kSecond / 10, ScanTool::nmap, false);  // closed: not a target
  d.finish();
  ASSERT_EQ(d.targets().size(), 1U);
  const TargetSummary& target = d.targets()[0];
  EXPECT_EQ(target.address, addr("10.0.1.1"));
  ASSERT_EQ(target.open_ports.size(), 3U);
  EXPECT_EQ(target.open_ports[0].port, 3);  // by port
  EXPECT_EQ(target.open_ports[1].port, 22);
  EXPECT_EQ(target.open_ports[2].port, 25);
  ASSERT_EQ(target.found_by.size(), 2U);
  EXPECT_EQ(target.found_by[0], addr("192.0.2.9"));
  EXPECT_TRUE(d.is_scanner(target.found_by[0]));
  EXPECT_FALSE(d.is_scanner(target.found_by[1]));
  EXPECT_EQ(target.open_answers, 4U);
}

// A source that found an open port keeps its summary at the end even when all it holds then
// is sessions (its probe state evicted by max_sources, the source seen again): the report
// names every finder of a target. A source that only ever held sessions keeps none.
TEST(ScanOutputs, AFinderSeenAgainWithOnlySessionsKeepsItsSummary) {
  ScanConfig c;
  c.max_sources = 100;
  ScanDetector d(c);
  TimeNs t = kSecond;
  probe(d, "198.51.100.4", "10.0.1.1", 22, t, ScanTool::none, true);
  for (int s = 0; s < 500; ++s) {
    probe(d, fmt::format("172.16.{}.{}", s / 250, s % 250 + 1), "10.0.1.9", 80, t += kSecond / 1000, ScanTool::none);
  }
  session(d, "198.51.100.4", "10.0.1.2", 443, t += kSecond);
  session(d, "203.0.113.7", "10.0.1.2", 443, t += kSecond);
  d.finish();
  ASSERT_GT(d.stats().sources_evicted, 0U);
  ASSERT_EQ(d.targets().size(), 1U);
  ASSERT_EQ(d.targets()[0].found_by.size(), 1U);
  const SourceSummary* finder = d.source(addr("198.51.100.4"));
  ASSERT_NE(finder, nullptr);
  EXPECT_EQ(finder->probes, 0U);  // what it holds now: one session
  EXPECT_EQ(finder->sessions, 1U);
  EXPECT_FALSE(finder->is_scanner);
  EXPECT_EQ(d.source(addr("203.0.113.7")), nullptr);
}

TEST(ScanOutputs, HumanDurations) {
  EXPECT_EQ(human_duration(0), "0.0 s");
  EXPECT_EQ(human_duration(52.34), "52.3 s");
  EXPECT_EQ(human_duration(150), "2.5 min");
  EXPECT_EQ(human_duration(5400), "1.5 h");
  EXPECT_EQ(human_duration(3 * 86400), "3.0 d");
  EXPECT_EQ(human_duration(595325631.1), "18.9 years");
}

TEST(ScanOutputs, PayloadBytesEscapedAndInHex) {
  const std::string bytes("\x16\x03\x01GET \\ <x>\x7f", 13);
  EXPECT_EQ(escaped_bytes(bytes), "\\x16\\x03\\x01GET \\\\ <x>\\x7f");
  EXPECT_EQ(hex_bytes(std::string_view("\x16\x03"
                                       "A",
                                       3)),
            "16 03 41");
  EXPECT_EQ(escaped_bytes(""), "");
}

}  // namespace
}  // namespace gp::scan
