// The detector's decisions on synthetic flows: thresholds, windows, retries, distributed
// scans and the memory cap.
#include <gtest/gtest.h>

#include <fmt/core.h>

#include <algorithm>
#include <string>
#include <vector>

#include "classify/scan/fingerprint.hpp"
#include "classify/scan/scan_detector.hpp"
#include "tests/support/addresses.hpp"
#include "tests/unit/classify/scan/scan_runner.hpp"

namespace gp::scan {
namespace {

using test::ip;
using test::plain_syn;
using test::session;
using test::tcp_record;

constexpr TimeNs kSecond = 1'000'000'000;

// A SYN answered by RST (closed port), the commonest probe.
void syn_probe(ScanDetector& d, const std::string& src, const std::string& dst, std::uint16_t port, TimeNs t) {
  d.observe(tcp_record(src, dst, port, t), plain_syn());
}

TEST(ScanDetector, ClientRetryingOneHostAndPortIsNotAScan) {
  ScanDetector d;
  for (int i = 0; i < 500; ++i) syn_probe(d, "10.0.0.5", "10.0.1.1", 3492, i * kSecond);
  d.finish();
  const auto* s = d.source(ip("10.0.0.5"));
  ASSERT_NE(s, nullptr);
  EXPECT_FALSE(s->is_scanner);
  EXPECT_EQ(s->distinct_pairs, 1U);
  EXPECT_EQ(s->probes, 500U);
}

TEST(ScanDetector, FifteenPortsOnOneHostIsVertical) {
  ScanDetector d;
  for (std::uint16_t p = 1; p <= 15; ++p) syn_probe(d, "192.0.2.9", "10.0.1.1", p, p * kSecond);
  d.finish();
  EXPECT_EQ(d.source(ip("192.0.2.9"))->type, ScanType::vertical);
  EXPECT_TRUE(d.is_scanner(ip("192.0.2.9")));
}

TEST(ScanDetector, FourteenPortsIsBelowZeekThreshold) {
  ScanDetector d;
  for (std::uint16_t p = 1; p <= 14; ++p) syn_probe(d, "192.0.2.9", "10.0.1.1", p, p * kSecond);
  d.finish();
  EXPECT_FALSE(d.is_scanner(ip("192.0.2.9")));
}

TEST(ScanDetector, TwentyFiveHostsOnOnePortIsHorizontal) {
  ScanDetector d;
  for (int h = 1; h <= 25; ++h) syn_probe(d, "192.0.2.9", fmt::format("10.0.1.{}", h), 3255, h * kSecond);
  d.finish();
  EXPECT_EQ(d.source(ip("192.0.2.9"))->type, ScanType::horizontal);
}

TEST(ScanDetector, ManyPortsOnManyHostsIsBlock) {
  ScanDetector d;
  for (int h = 1; h <= 30; ++h) {
    for (std::uint16_t p = 1; p <= 20; ++p) syn_probe(d, "192.0.2.9", fmt::format("10.0.1.{}", h), p, h * kSecond);
  }
  d.finish();
  EXPECT_EQ(d.source(ip("192.0.2.9"))->type, ScanType::block);
}

TEST(ScanDetector, SlowProbesSpreadOverWindowsAreNotCountedTogether) {
  ScanConfig c;
  c.window_s = 300;
  ScanDetector d(c);
  // 20 ports, one every 10 minutes: at most one per 5-minute window.
  for (std::uint16_t p = 1; p <= 20; ++p) syn_probe(d, "192.0.2.9", "10.0.1.1", p, p * 600 * kSecond);
  d.finish();
  const auto* s = d.source(ip("192.0.2.9"));
  EXPECT_FALSE(s->is_scanner);
  EXPECT_EQ(s->distinct_ports, 20U);
  EXPECT_EQ(s->window_ports, 1U);
}

TEST(ScanDetector, DistributedScanFoundPerSlash24) {
  ScanDetector d;
  // 30 sources of one /24, each probing 3 ports of one host: none is a scanner alone.
  for (int s = 1; s <= 30; ++s) {
    for (std::uint16_t p = 0; p < 3; ++p) {
      syn_probe(d, fmt::format("198.51.100.{}", s), "10.0.1.1", static_cast<std::uint16_t>(s * 3 + p), s * kSecond);
    }
  }
  d.finish();
  EXPECT_FALSE(d.is_scanner(ip("198.51.100.1")));
  ASSERT_EQ(d.networks().size(), 1U);
  EXPECT_EQ(d.networks()[0].address, ip("198.51.100.0"));
  EXPECT_EQ(d.networks()[0].members, 30U);
  EXPECT_EQ(d.networks()[0].type, ScanType::vertical);
}

// Sources and networks come out in report order (scanners first, then by probes, then by
// address), whatever order they arrived in and however their table hashed them.
TEST(ScanDetector, ResultsInReportOrderWhateverTheArrivalOrder) {
  const auto run = [](bool reversed) {
    ScanDetector d;
    for (int i = 0; i < 40; ++i) {
      const int n = reversed ? 39 - i : i;
      // Four /24s, each with members of equal probe counts that are no scanners alone.
      for (std::uint16_t p = 0; p < 3; ++p) {
        syn_probe(d, fmt::format("198.51.{}.{}", 100 + n % 4, n / 4 + 1), "10.0.1.1",
                  static_cast<std::uint16_t>(n * 3 + p + 1), kSecond);
      }
      // Vertical scanners of equal size.
      if (n < 6) {
        for (std::uint16_t p = 1; p <= 20; ++p) syn_probe(d, fmt::format("192.0.2.{}", 50 - n), "10.0.2.1", p, kSecond);
      }
    }
    d.finish();
    std::vector<std::string> order;
    for (const auto& s : d.sources()) order.push_back(s.address.to_string());
    order.emplace_back("|");
    for (const auto& n : d.networks()) order.push_back(n.address.to_string());
    return order;
  };
  const std::vector<std::string> forward = run(false);
  EXPECT_EQ(forward, run(true));
  ASSERT_GE(forward.size(), 6U + 40U + 1U + 4U);
  EXPECT_EQ(forward[0], "192.0.2.45");  // six scanners of 20 probes each, by address
  EXPECT_EQ(forward[5], "192.0.2.50");
  EXPECT_EQ(forward[6], "198.51.100.1");  // then the sources of 3 probes each, by address
  const auto bar = std::find(forward.begin(), forward.end(), "|");
  ASSERT_EQ(forward.end() - bar, 5);
  EXPECT_EQ(*(bar + 1), "198.51.100.0");
  EXPECT_EQ(*(bar + 4), "198.51.103.0");
}

TEST(ScanDetector, PortTableCapCountsWhatItDrops) {
  ScanConfig c;
  c.max_ports_tracked = 5;
  ScanDetector d(c);
  for (std::uint16_t p = 1; p <= 20; ++p) syn_probe(d, "192.0.2.9", "10.0.1.1", p, kSecond);
  d.finish();
  EXPECT_EQ(d.ports().size(), 5U);
  EXPECT_EQ(d.stats().ports_untracked, 15U);
  EXPECT_TRUE(d.is_scanner(ip("192.0.2.9")));  // the cap is the port table's, not detection's
}

TEST(ScanDetector, SourceCapEvictsAndCountsButKeepsScanners) {
  ScanConfig c;
  c.max_sources = 100;
  ScanDetector d(c);
  for (std::uint16_t p = 1; p <= 20; ++p) syn_probe(d, "192.0.2.9", "10.0.1.1", p, kSecond);
  for (int s = 0; s < 5000; ++s) {
    syn_probe(d, fmt::format("172.16.{}.{}", s / 250, s % 250 + 1), "10.0.1.1", 80, 2 * kSecond);
  }
  d.finish();
  EXPECT_EQ(d.stats().sources_seen, 5001U);
  EXPECT_EQ(d.stats().sources_evicted, 4901U);
  EXPECT_LE(d.sources().size(), 101U);
  EXPECT_TRUE(d.is_scanner(ip("192.0.2.9")));  // evicted, but its summary was kept
}

// Before finish(), what a source has done so far: a scanner still tracked, a scanner evicted
// (its kept summary), nobody for a source never seen; after, source() itself.
TEST(ScanDetector, SummarySoFarAnswersBeforeTheEnd) {
  ScanConfig c;
  c.max_sources = 100;
  ScanDetector d(c);
  for (std::uint16_t p = 1; p <= 20; ++p) syn_probe(d, "192.0.2.9", "10.0.1.1", p, kSecond);
  EXPECT_EQ(d.source(ip("192.0.2.9")), nullptr);  // summaries exist only after finish()
  auto tracked = d.summary_so_far(ip("192.0.2.9"));
  ASSERT_TRUE(tracked.has_value());
  EXPECT_TRUE(tracked->is_scanner);
  EXPECT_EQ(tracked->distinct_ports, 20U);
  for (int s = 0; s < 500; ++s)
    syn_probe(d, fmt::format("172.16.{}.{}", s / 250, s % 250 + 1), "10.0.1.1", 80, 2 * kSecond);
  const auto evicted = d.summary_so_far(ip("192.0.2.9"));
  ASSERT_TRUE(evicted.has_value());
  EXPECT_TRUE(evicted->is_scanner);
  EXPECT_FALSE(d.summary_so_far(ip("198.51.100.1")).has_value());
  d.finish();
  const auto after = d.summary_so_far(ip("192.0.2.9"));
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->probes, d.source(ip("192.0.2.9"))->probes);
}

// A scanner evicted and back with an ordinary session has two states: the kept summary and a
// fresh one. finish() reports the scanner, so summary_so_far() (what a conversation judged
// early sees) must say the same, not the fresh state's "no scanner".
TEST(ScanDetector, SummarySoFarOfAReturningScannerIsTheScanner) {
  ScanConfig c;
  c.max_sources = 100;
  ScanDetector d(c);
  for (std::uint16_t p = 1; p <= 20; ++p) syn_probe(d, "192.0.2.9", "10.0.1.1", p, kSecond);
  for (int s = 0; s < 500; ++s)
    syn_probe(d, fmt::format("172.16.{}.{}", s / 250, s % 250 + 1), "10.0.1.1", 80, 2 * kSecond);
  session(d, "192.0.2.9", "10.0.1.2", 443, 3 * kSecond);
  const auto so_far = d.summary_so_far(ip("192.0.2.9"));
  ASSERT_TRUE(so_far.has_value());
  EXPECT_TRUE(so_far->is_scanner);
  EXPECT_EQ(so_far->distinct_ports, 20U);
  d.finish();
  ASSERT_NE(d.source(ip("192.0.2.9")), nullptr);
  EXPECT_TRUE(d.source(ip("192.0.2.9"))->is_scanner);
  EXPECT_EQ(d.source(ip("192.0.2.9"))->distinct_ports, so_far->distinct_ports);
}

// Probe state is made at a source's first probe: a source that only held sessions reads as
// one with no probe, and one that probes after its sessions as one that probed first.
TEST(ScanDetector, SessionsBeforeProbesCountAsSessionsAfterThem) {
  ScanDetector sessions_first;
  ScanDetector probes_first;
  const auto sessions = [](ScanDetector& d) {
    for (int i = 0; i < 3; ++i) session(d, "192.0.2.9", "10.0.1.2", 443, (1 + i) * kSecond);
    for (int i = 0; i < 2; ++i) session(d, "198.51.100.7", "10.0.1.2", 443, (2 + i) * kSecond);
  };
  const auto probes = [](ScanDetector& d) {
    for (std::uint16_t p = 1; p <= 15; ++p) syn_probe(d, "192.0.2.9", "10.0.1.1", p, (10 + p) * kSecond);
  };
  sessions(sessions_first);
  probes(sessions_first);
  probes(probes_first);
  sessions(probes_first);
  EXPECT_FALSE(sessions_first.probed_so_far(ip("198.51.100.7")).has_value());
  EXPECT_TRUE(sessions_first.probed_so_far(ip("192.0.2.9")).has_value());
  sessions_first.finish();
  probes_first.finish();

  const SourceSummary* a = sessions_first.source(ip("192.0.2.9"));
  const SourceSummary* b = probes_first.source(ip("192.0.2.9"));
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(a->type, ScanType::vertical);
  EXPECT_EQ(a->type, b->type);
  EXPECT_EQ(a->probes, 15U);
  EXPECT_EQ(a->sessions, 3U);
  EXPECT_EQ(a->sessions, b->sessions);
  EXPECT_EQ(a->flows, b->flows);
  EXPECT_EQ(a->first, b->first);
  EXPECT_EQ(a->last, b->last);
  EXPECT_EQ(a->kinds, b->kinds);
  EXPECT_EQ(a->outcomes, b->outcomes);
  EXPECT_EQ(a->tool_probes, b->tool_probes);
  EXPECT_EQ(a->distinct_ports, b->distinct_ports);
  EXPECT_EQ(a->window_ports, b->window_ports);
  EXPECT_EQ(a->timeline, b->timeline);

  // A source that only held sessions keeps no summary (most sources of a busy link): it
  // reads as an untracked source does, to the judgement (scan_info_of) and to the reports.
  EXPECT_EQ(sessions_first.source(ip("198.51.100.7")), nullptr);
  EXPECT_EQ(sessions_first.sources().size(), 1U);
  EXPECT_FALSE(sessions_first.is_scanner(ip("198.51.100.7")));
}

TEST(ScanDetector, LargeScanCountsAreSketchedWithinError) {
  ScanDetector d;
  for (int h = 0; h < 20000; ++h) {
    syn_probe(d, "192.0.2.9", fmt::format("10.{}.{}.{}", h / 65536, (h / 256) % 256, h % 256), 23, kSecond);
  }
  d.finish();
  const auto* s = d.source(ip("192.0.2.9"));
  EXPECT_FALSE(s->counts_exact);
  EXPECT_FALSE(s->hosts_exact);
  EXPECT_TRUE(s->ports_exact);  // one port, counted exactly: no "~1" in the tables
  EXPECT_NEAR(static_cast<double>(s->distinct_hosts), 20000.0, 20000.0 * 0.0325 * 3);
  EXPECT_EQ(s->distinct_ports, 1U);
  const auto* p = d.port(23, 6);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->scanner_flows, 20000U);
  EXPECT_EQ(p->busiest_scanner, ip("192.0.2.9"));
}

// A source's first probe is kept as it came until a second one (most sources send one): read
// before that, or replayed at the second after the timeline widened, it counts as it would
// have at once: kinds, ports, hosts, the unknown tool's header fields, the timeline bucket.
TEST(ScanDetector, AFirstProbeKeptPendingCountsAsIfCountedAtOnce) {
  ScanDetector d;
  syn_probe(d, "198.51.100.1", "10.0.1.1", 3492, 0);            // one probe only
  syn_probe(d, "198.51.100.2", "10.0.1.2", 3492, 5 * kSecond);  // the first of two
  const auto so_far = d.summary_so_far(ip("198.51.100.1"));
  ASSERT_TRUE(so_far.has_value());
  EXPECT_EQ(so_far->probes, 1U);
  EXPECT_EQ(so_far->kinds[static_cast<std::size_t>(ProbeKind::syn)], 1U);
  // Another source's probes over 10,000 s widen the timeline's buckets.
  for (int i = 0; i < 100; ++i) syn_probe(d, "192.0.2.9", "10.0.1.1", 3492, i * 100 * kSecond);
  syn_probe(d, "198.51.100.2", "10.0.1.3", 22, 9000 * kSecond);
  d.finish();
  const TimeNs width = d.stats().bucket_width;
  ASSERT_GT(width, kSecond);

  FirstSegment segment;
  segment.present = true;
  segment.flags = 0x02;
  segment.window = 64240;
  const auto* one = d.source(ip("198.51.100.1"));
  ASSERT_NE(one, nullptr);
  EXPECT_EQ(one->probes, 1U);
  EXPECT_EQ(one->kinds[static_cast<std::size_t>(ProbeKind::syn)], 1U);
  EXPECT_EQ(one->outcomes[static_cast<std::size_t>(ProbeOutcome::closed)], 1U);
  EXPECT_EQ(one->distinct_ports, 1U);
  EXPECT_EQ(one->distinct_hosts, 1U);
  EXPECT_EQ(one->window_ports, 1U);
  EXPECT_EQ(one->tool_probes[static_cast<std::size_t>(ScanTool::unknown)], 1U);
  EXPECT_EQ(one->unknown_fields, describe_segment(segment));
  EXPECT_FALSE(one->unknown_fields.empty());
  ASSERT_EQ(one->timeline.size(), 48U);
  EXPECT_EQ(one->timeline[0], 1U);

  const auto* two = d.source(ip("198.51.100.2"));
  ASSERT_NE(two, nullptr);
  EXPECT_EQ(two->probes, 2U);
  EXPECT_EQ(two->distinct_ports, 2U);
  EXPECT_EQ(two->distinct_hosts, 2U);
  EXPECT_EQ(two->window_ports, 1U);  // 9,000 s apart: two windows of one port each
  EXPECT_EQ(two->unknown_fields, describe_segment(segment));
  ASSERT_EQ(two->timeline.size(), 48U);
  std::vector<std::uint32_t> expected(48, 0);
  ++expected[static_cast<std::size_t>(5 * kSecond / width)];
  ++expected[static_cast<std::size_t>(9000 * kSecond / width)];
  EXPECT_EQ(two->timeline, expected);
}

TEST(ScanDetector, TimelineWidensToFitAnyDuration) {
  ScanDetector d;
  for (int i = 0; i < 1000; ++i)
    syn_probe(d, "192.0.2.9", "10.0.1.1", static_cast<std::uint16_t>(i + 1), i * 10 * kSecond);
  d.finish();
  std::uint64_t total = 0;
  for (auto n : d.stats().timeline) total += n;
  EXPECT_EQ(total, 1000U);
  EXPECT_EQ(d.stats().timeline.size(), 48U);
  EXPECT_GE(d.stats().bucket_width * 48, 9990 * kSecond);
}

}  // namespace
}  // namespace gp::scan
