// Scan detection on real captures of real tools: the bundled labelled scenarios (nmap,
// masscan, zmap, hping3, backscatter; see pcaps/README.md) and nDPI's scan traces.
#include <gtest/gtest.h>

#include <fmt/core.h>

#include <map>
#include <set>

#include "classify/scan/scan_episode_json.hpp"
#include "tests/unit/classify/scan/scan_runner.hpp"

namespace gp::scan {
namespace {

using test::addr;

std::string pcap(const std::string& name) { return std::string(GP_SOURCE_DIR) + "/pcaps/" + name; }

void print_sources(const ScanDetector& d) {
  for (const auto& s : d.sources()) {
    if (!s.is_scanner && s.probes < 5) continue;
    std::string tools;
    for (std::size_t t = 0; t < kScanToolCount; ++t) {
      if (s.tool_probes[t] > 0) tools += fmt::format("{}={} ", to_string(static_cast<ScanTool>(t)), s.tool_probes[t]);
    }
    fmt::print(
        "  {:<16} scanner={} type={:<11} tool={:<8} technique={:<11} probes={} ports={} hosts={} pairs={} "
        "unanswered={:.2f} [{}]\n",
        s.address.to_string(), s.is_scanner, to_string(s.type), to_string(s.tool), to_string(s.technique), s.probes,
        s.distinct_ports, s.distinct_hosts, s.distinct_pairs, s.unanswered_ratio, tools);
  }
}

// For every labelled row: scanner_noise clients are scanners (backscatter rows: the server
// answering forged sources is the emitter) with the row's tool among the tools seen; every
// custom_application / misconfiguration / benign client is not a scanner.
void check_labels(const std::string& capture, const std::string& labels) {
  ScanDetector d;
  test::run_scan(pcap(capture), d);
  print_sources(d);
  std::set<std::string> checked;
  for (const auto& row : test::read_labels(pcap(labels))) {
    const bool backscatter = row.scenario.find("backscatter") != std::string::npos;
    const std::string who = backscatter ? row.server : row.client;
    if (!checked.insert(who + row.label + row.tool).second) continue;
    const SourceSummary* s = d.source(addr(who));
    if (row.label == "scanner_noise") {
      ASSERT_NE(s, nullptr) << who << " (" << row.scenario << ") not seen";
      EXPECT_TRUE(s->is_scanner) << who << " (" << row.scenario << ") not found scanning";
      const auto tool = backscatter ? ScanTool::backscatter : *parse_scan_tool(row.tool);
      EXPECT_GT(s->tool_probes[static_cast<std::size_t>(tool)], 0U)
          << who << " (" << row.scenario << "): no probe fingerprinted as " << to_string(tool);
    } else if (row.label != "suspicious") {
      EXPECT_FALSE(s != nullptr && s->is_scanner)
          << who << " (" << row.label << ", " << row.scenario << ") called a scanner";
    }
  }
}

TEST(ScanCaptures, ScannerNoiseEverySourceFoundWithItsTools) {
  check_labels("scanner_noise.pcapng", "scanner_noise.labels.csv");
}

TEST(ScanCaptures, MixedScannersFoundAndNoClientCalledScanner) { check_labels("mixed.pcap", "mixed.labels.csv"); }

TEST(ScanCaptures, ClientsOfCustomApplicationsAndMisconfigurationsAreNotScanners) {
  for (const auto* name : {"custom_application", "misconfiguration", "suspicious"}) {
    ScanDetector d;
    test::run_scan(pcap(std::string(name) + ".pcap"), d);
    print_sources(d);
    for (const auto& s : d.sources()) EXPECT_FALSE(s.is_scanner) << name << ": " << s.address.to_string();
    EXPECT_TRUE(d.networks().empty()) << name;
  }
}

TEST(ScanCaptures, ScannerNoiseToolsAndTypesByScanner) {
  ScanDetector d;
  test::run_scan(pcap("scanner_noise.pcapng"), d);
  const SourceSummary* outside = d.source(addr("203.0.113.245"));
  ASSERT_NE(outside, nullptr);
  EXPECT_EQ(outside->type, ScanType::block);  // nmap vertical + masscan/zmap horizontal
  for (const auto tool : {ScanTool::nmap, ScanTool::masscan, ScanTool::zmap, ScanTool::hping3}) {
    EXPECT_GT(outside->tool_probes[static_cast<std::size_t>(tool)], 0U) << to_string(tool);
  }
  // zmap's 256 probes to 3255/tcp are all ID 54321; masscan's 1,524 all match its relation.
  EXPECT_GE(outside->tool_probes[static_cast<std::size_t>(ScanTool::zmap)], 250U);
  EXPECT_GE(outside->tool_probes[static_cast<std::size_t>(ScanTool::masscan)], 1400U);
  for (const auto kind : {ProbeKind::syn, ProbeKind::fin, ProbeKind::null_scan, ProbeKind::xmas}) {
    EXPECT_GT(outside->kinds[static_cast<std::size_t>(kind)], 0U) << to_string(kind);
  }
  const SourceSummary* inside = d.source(addr("10.20.2.58"));
  ASSERT_NE(inside, nullptr);
  EXPECT_EQ(inside->type, ScanType::vertical);
  EXPECT_EQ(inside->tool, ScanTool::nmap);  // -sT, recognised by its RST-after-handshake
  EXPECT_GT(inside->kinds[static_cast<std::size_t>(ProbeKind::connect)], 0U);
  EXPECT_GT(inside->kinds[static_cast<std::size_t>(ProbeKind::udp)], 0U);
  EXPECT_GT(inside->tool_probes[static_cast<std::size_t>(ScanTool::hping3)], 0U);
  const SourceSummary* emitter = d.source(addr("203.0.113.134"));
  ASSERT_NE(emitter, nullptr);
  EXPECT_EQ(emitter->type, ScanType::backscatter);
  EXPECT_EQ(emitter->tool, ScanTool::backscatter);
  // What answered: nmap found the in-house service on s1:3206 open.
  bool found_3206 = false;
  for (const auto& svc : outside->open_services) found_3206 = found_3206 || (svc.port == 3206 && svc.ip_proto == 6);
  EXPECT_TRUE(found_3206);
  // Per port: 3255/tcp was swept by zmap from the outside scanner.
  const PortSummary* p = d.port(3255, 6);
  ASSERT_NE(p, nullptr);
  EXPECT_GE(p->scanner_flows, 256U);
  EXPECT_EQ(p->busiest_scanner, addr("203.0.113.245"));
}

// analyze and live turn the per-port table off (ScanConfig::port_table): that must drop the
// table and nothing else, on the capture with every tool in it.
TEST(ScanCaptures, WithoutThePortTableEverySourceAndEpisodeIsTheSame) {
  ScanDetector with;
  test::run_scan(pcap("scanner_noise.pcapng"), with);
  ScanConfig config;
  config.port_table = false;
  ScanDetector without(config);
  test::run_scan(pcap("scanner_noise.pcapng"), without);

  EXPECT_FALSE(with.ports().empty());
  EXPECT_TRUE(without.ports().empty());
  EXPECT_EQ(without.port(3255, 6), nullptr);
  ASSERT_EQ(with.sources().size(), without.sources().size());
  for (std::size_t i = 0; i < with.sources().size(); ++i) {
    const SourceSummary& a = with.sources()[i];
    const SourceSummary& b = without.sources()[i];
    EXPECT_EQ(a.address, b.address);
    EXPECT_EQ(a.is_scanner, b.is_scanner);
    EXPECT_EQ(a.type, b.type);
    EXPECT_EQ(a.tool, b.tool);
    EXPECT_EQ(a.probes, b.probes);
    EXPECT_EQ(a.distinct_ports, b.distinct_ports);
    EXPECT_EQ(a.distinct_hosts, b.distinct_hosts);
  }
  ASSERT_EQ(with.episodes().size(), without.episodes().size());
  ASSERT_FALSE(with.episodes().empty());
  for (std::size_t i = 0; i < with.episodes().size(); ++i) {
    EXPECT_EQ(scan_episode_json(with.episodes()[i], TimeFormat::epoch),
              scan_episode_json(without.episodes()[i], TimeFormat::epoch));
  }
}

TEST(ScanCaptures, NdpiSynScanFound) {
  ScanDetector d;
  test::run_scan(std::string(GP_TEST_DATA_DIR) + "/external/ndpi/synscan.pcap", d);
  print_sources(d);
  ASSERT_FALSE(d.sources().empty());
  EXPECT_TRUE(d.sources()[0].is_scanner);
  EXPECT_EQ(d.sources()[0].technique, ProbeKind::syn);
}

TEST(ScanCaptures, NdpiTcpScanFound) {
  ScanDetector d;
  test::run_scan(std::string(GP_TEST_DATA_DIR) + "/external/ndpi/tcp_scan.pcapng", d);
  print_sources(d);
  ASSERT_FALSE(d.sources().empty());
  EXPECT_TRUE(d.sources()[0].is_scanner);
}

}  // namespace
}  // namespace gp::scan
