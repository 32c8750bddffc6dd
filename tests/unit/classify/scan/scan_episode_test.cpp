// Scan episodes on synthetic flows: one scan is one episode with a start, updates and an end
// after a quiet period; a known scanner's runs are episodes from the first probe; retries
// never are; the events a live consumer sees; and one episode per scanner on the captures.
#include <gtest/gtest.h>

#include <fmt/core.h>

#include <algorithm>
#include <map>

#include "classify/registry/port_registry.hpp"
#include "classify/scan/scan_detector.hpp"
#include "tests/support/addresses.hpp"
#include "tests/unit/classify/scan/scan_runner.hpp"

namespace gp::scan {
namespace {

using test::addr;
using test::plain_syn;
using test::tcp_record;
using test::TcpRecordShape;

constexpr TimeNs kSecond = 1'000'000'000;

// A SYN answered by RST (closed port); `answered` false: no answer at all.
FlowRole syn_probe(ScanDetector& d, const std::string& src, const std::string& dst, std::uint16_t port, TimeNs t,
                   bool answered = true) {
  const TcpRecordShape refused;  // answered by a RST
  const TcpRecordShape dropped{refused.sport, "S", ConnState::S0, 1, 0, 0};
  return d.observe(tcp_record(src, dst, port, t, answered ? refused : dropped), plain_syn());
}

struct Event {
  EpisodeEvent event;
  ScanEpisode episode;
};

class Recorder {
 public:
  explicit Recorder(ScanDetector& d) {
    d.set_episode_listener([this](EpisodeEvent e, const ScanEpisode& ep) { events.push_back({e, ep}); });
  }
  std::vector<Event> events;
  std::string kinds() const {
    std::string s;
    for (const auto& e : events) s += fmt::format("{}{} ", to_string(e.event), e.episode.id);
    return s;
  }
};

TEST(ScanEpisodes, OneScanIsOneEpisodeAnnouncedAtTheThreshold) {
  ScanDetector d;
  Recorder rec(d);
  std::vector<FlowRole> roles;
  for (std::uint16_t p = 1; p <= 40; ++p) roles.push_back(syn_probe(d, "192.0.2.9", "10.0.1.1", p, p * kSecond));
  d.finish();
  // Zeek's 15 ports: the 15th probe makes the source a scanner and announces the episode,
  // with everything counted since its first probe.
  EXPECT_EQ(roles[13], FlowRole::probe);
  EXPECT_EQ(roles[14], FlowRole::scan_probe);
  EXPECT_EQ(roles[39], FlowRole::scan_probe);
  ASSERT_EQ(rec.events.size(), 2U) << rec.kinds();
  EXPECT_EQ(rec.events[0].event, EpisodeEvent::started);
  EXPECT_EQ(rec.events[0].episode.probes, 15U);
  EXPECT_EQ(rec.events[0].episode.distinct_ports, 15U);
  EXPECT_EQ(rec.events[0].episode.start, 1 * kSecond);
  EXPECT_EQ(rec.events[0].episode.end, EpisodeEnd::open);
  EXPECT_EQ(rec.events[1].event, EpisodeEvent::ended);
  EXPECT_EQ(rec.events[1].episode.end, EpisodeEnd::capture_end);

  ASSERT_EQ(d.episodes().size(), 1U);
  const ScanEpisode& e = d.episodes()[0];
  EXPECT_EQ(e.id, 1U);
  EXPECT_EQ(e.source, addr("192.0.2.9"));
  EXPECT_EQ(e.run, 1U);
  EXPECT_EQ(e.probes, 40U);
  EXPECT_EQ(e.distinct_ports, 40U);
  EXPECT_EQ(e.distinct_hosts, 1U);
  EXPECT_EQ(e.start, 1 * kSecond);
  EXPECT_EQ(e.last, 40 * kSecond);
  EXPECT_DOUBLE_EQ(e.probes_per_second, 40.0 / 39.0);
  EXPECT_EQ(e.outcomes[static_cast<std::size_t>(ProbeOutcome::closed)], 40U);
  EXPECT_EQ(e.type, ScanType::vertical);
  EXPECT_FALSE(e.benign_research);
  EXPECT_TRUE(e.known_scanner.empty());
  EXPECT_EQ(d.stats().episodes, 1U);
  EXPECT_EQ(d.stats().scan_probes, 26U);
}

TEST(ScanEpisodes, QuietPeriodEndsTheScanAndTheNextRunIsANewEpisode) {
  ScanConfig c;
  c.episode_quiet_s = 300;
  ScanDetector d(c);
  Recorder rec(d);
  for (std::uint16_t p = 1; p <= 20; ++p) syn_probe(d, "192.0.2.9", "10.0.1.1", p, p * kSecond);
  // 20 minutes later the known scanner comes back: its first probe opens a new episode.
  for (std::uint16_t p = 1; p <= 3; ++p) syn_probe(d, "192.0.2.9", "10.0.1.2", p, (1200 + p) * kSecond);
  d.finish();
  EXPECT_EQ(rec.kinds(), "scan_started1 scan_ended1 scan_started2 scan_ended2 ");
  ASSERT_EQ(d.episodes().size(), 2U);
  EXPECT_EQ(d.episodes()[0].end, EpisodeEnd::quiet);
  EXPECT_EQ(d.episodes()[0].probes, 20U);
  EXPECT_EQ(d.episodes()[1].run, 2U);
  EXPECT_EQ(d.episodes()[1].probes, 3U);  // counted from its own start
  EXPECT_EQ(d.episodes()[1].distinct_hosts, 1U);
  EXPECT_EQ(d.episodes()[1].start, 1201 * kSecond);
  EXPECT_EQ(d.episodes()[1].end, EpisodeEnd::capture_end);
}

TEST(ScanEpisodes, PausesShorterThanTheQuietPeriodStayOneScan) {
  ScanDetector d;
  for (std::uint16_t p = 1; p <= 20; ++p) syn_probe(d, "192.0.2.9", "10.0.1.1", p, p * 200 * kSecond / 10);
  // 299 s of silence after the probe at 400 s: still the same scan.
  for (std::uint16_t p = 21; p <= 40; ++p) syn_probe(d, "192.0.2.9", "10.0.1.1", p, (699 + p - 21) * kSecond);
  d.finish();
  ASSERT_EQ(d.episodes().size(), 1U);
  EXPECT_EQ(d.episodes()[0].probes, 40U);
}

TEST(ScanEpisodes, UpdatesComeAtMostOncePerUpdateInterval) {
  ScanConfig c;
  c.episode_update_s = 60;
  ScanDetector d(c);
  Recorder rec(d);
  // One probe every 10 s for 5 minutes: started at the 15th, then an update each minute.
  for (std::uint16_t p = 1; p <= 30; ++p) syn_probe(d, "192.0.2.9", "10.0.1.1", p, p * 10 * kSecond);
  d.finish();
  EXPECT_EQ(rec.kinds(), "scan_started1 scan_updated1 scan_updated1 scan_ended1 ");
  EXPECT_EQ(rec.events[0].episode.probes, 15U);
  EXPECT_EQ(rec.events[1].episode.probes, 21U);  // 150 s + 60 s
  EXPECT_EQ(rec.events[1].episode.last, 210 * kSecond);
  EXPECT_EQ(rec.events[2].episode.probes, 27U);
}

TEST(ScanEpisodes, LiveClockEndsQuietEpisodesWithoutAnotherProbe) {
  ScanDetector d;
  Recorder rec(d);
  for (std::uint16_t p = 1; p <= 20; ++p) syn_probe(d, "192.0.2.9", "10.0.1.1", p, p * kSecond);
  d.advance(300 * kSecond);  // 280 s quiet: not yet
  EXPECT_EQ(rec.kinds(), "scan_started1 ");
  d.advance(320 * kSecond);
  EXPECT_EQ(rec.kinds(), "scan_started1 scan_ended1 ");
  EXPECT_EQ(rec.events[1].episode.end, EpisodeEnd::quiet);
  EXPECT_EQ(rec.events[1].episode.probes, 20U);
  // Other sources' flows move the clock too (observe() advances it).
  for (std::uint16_t p = 1; p <= 20; ++p) syn_probe(d, "192.0.2.10", "10.0.1.1", p, 400 * kSecond);
  syn_probe(d, "198.51.100.1", "10.0.1.1", 80, 800 * kSecond);
  EXPECT_EQ(rec.kinds(), "scan_started1 scan_ended1 scan_started2 scan_ended2 ");
  d.finish();
  EXPECT_EQ(d.episodes().size(), 2U);
}

TEST(ScanEpisodes, RetriesOfOneServiceNeverOpenAnEpisode) {
  ScanDetector d;
  Recorder rec(d);
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(syn_probe(d, "10.0.0.5", "10.0.1.1", 3492, i * 3 * kSecond), FlowRole::probe);
  }
  d.finish();
  EXPECT_TRUE(rec.events.empty());
  EXPECT_TRUE(d.episodes().empty());
  EXPECT_FALSE(d.is_scanner(addr("10.0.0.5")));
}

registry::PortRegistry registry_with_scanner(const std::string& network, const std::string& name) {
  registry::RegistryInputs in;
  registry::KnownScanner k;
  k.name = name;
  k.kind = registry::ScannerKind::search_engine;
  k.networks.push_back(test::network(network));
  k.source = "test";
  k.checked = "2026-11-27";
  in.scanners.push_back(k);
  return registry::PortRegistry::build(std::move(in));
}

TEST(ScanEpisodes, KnownScannerIsAScanFromItsFirstProbe) {
  const auto reg = registry_with_scanner("198.51.100.0/24", "Example Search");
  ScanDetector d(ScanConfig{}, &reg);
  Recorder rec(d);
  EXPECT_EQ(syn_probe(d, "198.51.100.7", "10.0.1.1", 3255, kSecond), FlowRole::scan_probe);
  syn_probe(d, "198.51.100.7", "10.0.1.2", 3255, 2 * kSecond);
  // An unknown source doing the same is nobody's scanner.
  syn_probe(d, "192.0.2.77", "10.0.1.1", 3255, kSecond);
  syn_probe(d, "192.0.2.77", "10.0.1.2", 3255, 2 * kSecond);
  d.finish();
  EXPECT_EQ(rec.kinds(), "scan_started1 scan_ended1 ");
  EXPECT_EQ(rec.events[0].episode.probes, 1U);
  ASSERT_EQ(d.episodes().size(), 1U);
  const ScanEpisode& e = d.episodes()[0];
  EXPECT_EQ(e.source, addr("198.51.100.7"));
  EXPECT_TRUE(e.benign_research);
  EXPECT_EQ(e.known_scanner, "Example Search");
  EXPECT_EQ(e.known_kind, "search_engine");
  EXPECT_EQ(e.type, ScanType::horizontal);
  EXPECT_EQ(e.distinct_hosts, 2U);
  const SourceSummary* s = d.source(addr("198.51.100.7"));
  ASSERT_NE(s, nullptr);
  EXPECT_TRUE(s->is_scanner);
  EXPECT_EQ(s->known_scanner, "Example Search");
  EXPECT_FALSE(d.is_scanner(addr("192.0.2.77")));
  EXPECT_TRUE(d.source(addr("192.0.2.77"))->known_scanner.empty());
}

TEST(ScanEpisodes, EvictedScannerEndsItsEpisode) {
  ScanConfig c;
  c.max_sources = 10;
  ScanDetector d(c);
  Recorder rec(d);
  for (std::uint16_t p = 1; p <= 20; ++p) syn_probe(d, "192.0.2.9", "10.0.1.1", p, kSecond);
  for (int s = 0; s < 20; ++s) syn_probe(d, fmt::format("172.16.0.{}", s + 1), "10.0.1.1", 80, 2 * kSecond);
  d.finish();
  EXPECT_EQ(rec.kinds(), "scan_started1 scan_ended1 ");
  ASSERT_EQ(d.episodes().size(), 1U);
  EXPECT_EQ(d.episodes()[0].end, EpisodeEnd::evicted);
  EXPECT_EQ(d.episodes()[0].probes, 20U);
}

TEST(ScanEpisodes, EpisodeCountsAreBoundedBySketches) {
  ScanDetector d;
  for (int h = 0; h < 5000; ++h) syn_probe(d, "192.0.2.9", fmt::format("10.0.{}.{}", h / 256, h % 256), 23, kSecond);
  d.finish();
  ASSERT_EQ(d.episodes().size(), 1U);
  EXPECT_FALSE(d.episodes()[0].counts_exact);
  EXPECT_FALSE(d.episodes()[0].hosts_exact);
  EXPECT_TRUE(d.episodes()[0].ports_exact);
  EXPECT_NEAR(static_cast<double>(d.episodes()[0].distinct_hosts), 5000.0, 5000.0 * 0.0325 * 3);
  EXPECT_EQ(d.episodes()[0].distinct_ports, 1U);
}

// The bundled captures: every scanning host ran its tools one after another (nmap, masscan,
// zmap, hping3 from the outside scanner): one scan per tool run (issue 25), never one per
// port; the runs together are all of the source's probes.
TEST(ScanEpisodes, BundledCapturesOneEpisodePerToolRun) {
  for (const char* name : {"scanner_noise.pcapng", "mixed.pcap"}) {
    ScanDetector d;
    test::run_scan(std::string(GP_SOURCE_DIR) + "/pcaps/" + name, d);
    std::map<IpAddress, int> per_source;
    for (const ScanEpisode& e : d.episodes()) ++per_source[e.source];
    for (const char* scanner : {"10.20.2.58", "203.0.113.134"}) {
      EXPECT_EQ(per_source[addr(scanner)], 1) << name << ": " << scanner;
    }
    EXPECT_EQ(per_source[addr("203.0.113.245")], 4) << name;
    EXPECT_EQ(d.episodes().size(), 6U) << name;
    for (const ScanEpisode& e : d.episodes()) {
      EXPECT_TRUE(d.is_scanner(e.source)) << name << ": " << e.source.to_string();
      EXPECT_FALSE(e.benign_research);
    }
    const SourceSummary* outside = d.source(addr("203.0.113.245"));
    std::uint64_t probes = 0;
    TimeNs start = 0;
    std::map<ScanTool, int> tools;
    for (const ScanEpisode& e : d.episodes()) {
      if (e.source != addr("203.0.113.245")) continue;
      probes += e.probes;
      start = start == 0 ? e.start : std::min(start, e.start);
      ++tools[e.tool];
    }
    EXPECT_EQ(probes, outside->probes) << name;  // the runs are the whole scan
    EXPECT_EQ(start, outside->first) << name;
    EXPECT_EQ(tools, (std::map<ScanTool, int>{
                         {ScanTool::nmap, 1}, {ScanTool::masscan, 1}, {ScanTool::zmap, 1}, {ScanTool::hping3, 1}}))
        << name;
  }
}

}  // namespace
}  // namespace gp::scan
