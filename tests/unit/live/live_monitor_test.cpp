// The live monitor over the real engine, fed from the bundled captures as the live loop
// feeds it (every flow through the monitor to the analyzer): one flow event per flow with a
// label, the scanners of pcaps/mixed.pcap started and ended, the final events equal to
// analyze's result, the port-label rule equal to the analyzer's; the event file reopened
// by name; -w rotation by size with old files removed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "annotate/analysis_engine.hpp"
#include "capture/pipeline/run_capture.hpp"
#include "classify/registry/load.hpp"
#include "live/event_writer.hpp"
#include "live/live_monitor.hpp"
#include "live/packet_recorder.hpp"
#include "tests/support/shipped_registry.hpp"
#include "tests/support/temp_path.hpp"
#include "tests/support/labels.hpp"

namespace gp::live {
namespace {

namespace fs = std::filesystem;

using test::shipped_registry;

fs::path temp_dir() {
  const fs::path d = gp::test::temp_path("live-monitor");
  fs::create_directories(d);
  return d;
}

// An engine whose scan detection reads these [scan] settings, as --scan-config gives them.
EngineConfig with_scan_settings(const std::string& settings) {
  const fs::path file = temp_dir() / "scan.toml";
  std::ofstream(file) << "[scan]\n" << settings << "\n";
  EngineConfig config;
  config.scan_config = file.string();
  return config;
}

std::vector<nlohmann::json> read_events(const fs::path& p) {
  std::vector<nlohmann::json> out;
  std::ifstream in(p);
  std::string line;
  while (std::getline(in, line)) out.push_back(nlohmann::json::parse(line));
  return out;
}

// The engine as analyze and live build it (AnalysisEngine), the monitor in front, one capture
// through both.
struct LiveRun {
  AnalysisEngine engine;
  AnalysisResult result;
  CaptureSummary summary;
  MonitorCounters counters;
  std::vector<nlohmann::json> events;

  explicit LiveRun(const std::string& capture, const EngineConfig& config = {}) {
    Diagnostics diags;
    EXPECT_TRUE(engine.build(config, shipped_registry(), diags)) << (diags.all().empty() ? "" : format(diags.all()[0]));
    const fs::path out = temp_dir() / "events.jsonl";
    fs::remove(out);
    {
      EventWriter writer(out.string());
      EXPECT_TRUE(writer.open());
      LiveMonitor monitor(engine.sink(), engine.analyzer(), engine.live_scans(), &shipped_registry(), writer);
      // A bare name is a bundled capture of pcaps/; a path is relative to the source tree.
      const std::string path =
          std::string(GP_SOURCE_DIR) + (capture.find('/') == std::string::npos ? "/pcaps/" : "/") + capture;
      auto source = open_file_source(FileSourceOptions{path, ""});
      summary = run_capture(*source, PipelineOptions{}, monitor);
      result = engine.finish();
      monitor.finish(result, summary.last_ts);
      counters = monitor.counters();
      writer.close();
      EXPECT_TRUE(writer.ok()) << writer.error();
    }
    events = read_events(out);
  }

  std::vector<const nlohmann::json*> of(const std::string& kind) const {
    std::vector<const nlohmann::json*> out;
    for (const auto& e : events) {
      if (e["event"] == kind) out.push_back(&e);
    }
    return out;
  }
};

const LiveRun& mixed() {
  static const LiveRun run("mixed.pcap");
  return run;
}

TEST(LiveMonitor, OneLabelledFlowEventPerFlow) {
  const LiveRun& r = mixed();
  const auto flows = r.of("flow");
  EXPECT_EQ(flows.size(), r.summary.flows.flows_created);
  EXPECT_EQ(r.counters.flows, flows.size());
  std::set<std::string> uids;
  for (const auto* e : flows) {
    uids.insert((*e)["uid"].get<std::string>());
    EXPECT_TRUE(e->contains("label"));
    EXPECT_TRUE((*e)["community_id"].get<std::string>().starts_with("1:"));
  }
  EXPECT_EQ(uids.size(), flows.size());
  EXPECT_EQ(r.counters.unjudged_flows, 0U);
}

TEST(LiveMonitor, FinalEventsAreAnalyzesResult) {
  const LiveRun& r = mixed();
  const auto convs = r.of("conversation");
  ASSERT_EQ(convs.size(), r.result.conversations.size());
  std::map<std::string, std::string> live;
  for (const auto* e : convs) {
    EXPECT_TRUE((*e)["final"].get<bool>());
    live[(*e)["client"].get<std::string>() + ">" + (*e)["server"].get<std::string>() + ":" +
         std::to_string((*e)["port"].get<int>()) + "/" + (*e)["transport"].get<std::string>()] =
        (*e)["label"].get<std::string>();
  }
  for (const ConversationResult& c : r.result.conversations) {
    const std::string key = c.client.to_string() + ">" + c.server.to_string() + ":" + std::to_string(c.port) + "/" +
                            std::string(transport_name(c.ip_proto));
    EXPECT_EQ(live[key], rules::to_string(c.verdict.label)) << key;
  }
  EXPECT_EQ(r.of("port").size(), r.result.ports.size());
  // Every scanner the detector found is listed, and nothing else.
  std::size_t scanners = 0;
  for (const auto& s : r.engine.scans().sources()) scanners += s.is_scanner ? 1U : 0U;
  EXPECT_EQ(r.of("scanner").size(), scanners);
}

TEST(LiveMonitor, ScansStartAndEnd) {
  const LiveRun& r = mixed();
  std::map<std::string, std::string> started;
  for (const auto* e : r.of("scan_started")) started[(*e)["source"]] = (*e)["type"];
  std::set<std::string> ended;
  for (const auto* e : r.of("scan_ended")) ended.insert((*e)["source"]);
  // docs/scan-reports.md: the block scanner, the vertical one and the backscatter source.
  ASSERT_EQ(started.size(), 3U);
  for (const auto& [addr, type] : started) EXPECT_TRUE(ended.contains(addr)) << addr;
  EXPECT_EQ(r.counters.scans_started, r.counters.scans_ended);
  std::size_t found = 0;
  for (const auto* e : r.of("scanner")) found += started.contains((*e)["source"]) ? 1U : 0U;
  EXPECT_EQ(found, 3U);
}

// Issues 13 and 25: each scan is one scan_started, updates as it goes on (every 10 s here: the
// whole capture is 72 s, shorter than the default 60 s between updates plus the time to be
// announced) and one scan_ended; the bundled outside scanner's four tool runs (nmap, masscan,
// zmap, hping3) are four scans, one per tool, as in analyze and scan-report. Its probes make
// no per-port findings (no port turns scanner_noise in a port_label event).
TEST(LiveMonitor, OneScanIsOneStartSomeUpdatesAndOneEnd) {
  const LiveRun r("scanner_noise.pcapng", with_scan_settings("episode_update_s = 10"));
  std::map<std::string, int> started;
  std::map<std::string, int> updated;
  std::map<std::string, int> ended;
  for (const auto* e : r.of("scan_started")) ++started[(*e)["source"]];
  for (const auto* e : r.of("scan_updated")) ++updated[(*e)["source"]];
  for (const auto* e : r.of("scan_ended")) ++ended[(*e)["source"]];
  ASSERT_FALSE(started.empty());
  std::string busiest;
  for (const auto& [source, n] : started) {
    EXPECT_EQ(n, ended[source]) << source;  // every scan that starts ends, once
    EXPECT_LE(n, 4) << source;              // at most one per tool run

    if (busiest.empty() || updated[source] > updated[busiest]) busiest = source;
  }
  EXPECT_GE(updated[busiest], 1) << busiest;
  EXPECT_GE(started["203.0.113.245"], 2);  // nmap, masscan, zmap, hping3: a scan per tool run
  for (const auto* e : r.of("port_label")) {
    if (!e->contains("final")) {
      EXPECT_NE((*e)["label"], "scanner_noise") << e->dump();
    }
  }
}

// An IPv6 attacker recorded by tools/record-scenarios (mixed_roles, seed 202): nmap -sS over
// two servers, then a bind shell on one open port and a 1.5 MB upload to the other. Each
// chain is announced once, as its session ends, with analyze's own reason.
TEST(LiveMonitor, ScanThenSessionIsAnEventOfItsOwn) {
  const LiveRun r("tests/data/recorded/scan_then_exploit_ipv6.pcap");
  const auto chains = r.of("scan_chain");
  ASSERT_EQ(chains.size(), 2U);
  ASSERT_EQ(r.result.scan_chains.size(), 2U);
  EXPECT_EQ(r.counters.scan_chains, 2U);
  for (const ScanChain& want : r.result.scan_chains) {
    const auto at =
        std::find_if(chains.begin(), chains.end(), [&](const auto* e) { return (*e)["port"] == want.port; });
    ASSERT_NE(at, chains.end()) << want.port;
    const nlohmann::json& e = **at;
    EXPECT_EQ(e["client"], "2001:db8:e0e6:387d::217");
    EXPECT_EQ(e["server"], want.server.to_string());
    EXPECT_EQ(e["port"], want.port);
    EXPECT_EQ(e["transport"], "tcp");
    EXPECT_EQ(e["scanned_ports"], want.scanned_ports);
    EXPECT_GE(e["scanned_ports"].get<std::uint64_t>(), 1000U);
    EXPECT_EQ(e["open_ports"], 2U);
    EXPECT_EQ(e["reason"], want.reason());
    EXPECT_FALSE(e.contains("final")) << "announced as it happened, during the scan's episode";
  }
  // The chains' conversations end suspicious.
  std::size_t suspicious = 0;
  for (const auto* c : r.of("conversation")) {
    for (const ScanChain& chain : r.result.scan_chains) {
      if ((*c)["server"] == chain.server.to_string() && (*c)["port"] == chain.port) {
        EXPECT_EQ((*c)["label"], "suspicious") << c->dump();
        ++suspicious;
      }
    }
  }
  EXPECT_EQ(suspicious, 2U);
}

// With scan episodes that end after 10 ms of quiet, the sessions come after their scan's
// episode: the run cannot name them as they happen, and the final events say them.
TEST(LiveMonitor, ChainsAfterTheScansEpisodeAreFinalEvents) {
  const LiveRun r("tests/data/recorded/scan_then_exploit_ipv6.pcap", with_scan_settings("episode_quiet_s = 0.01"));
  const auto chains = r.of("scan_chain");
  ASSERT_EQ(r.result.scan_chains.size(), 2U);
  ASSERT_EQ(chains.size(), 2U);
  for (const auto* e : chains) {
    EXPECT_EQ((*e)["final"], true) << e->dump();
    EXPECT_GE((*e)["scanned_ports"].get<std::uint64_t>(), 1000U);
  }
}

// FTP data connections end before their control connection, so live judges them while it is
// still open: each takes the control connection's verdict, and until that connection ends
// says it waits for it (never a verdict of its own on an ephemeral port). Zeek's capture.
TEST(LiveMonitor, FtpDataConnectionsWaitForTheirOpenControlConnection) {
  const LiveRun r("tests/data/external/zeek/ftp/ipv4.pcap");
  std::size_t data_flows = 0;
  std::string control_label;
  for (const auto* e : r.of("flow")) {
    if ((*e)["transport"] != "tcp") continue;
    if ((*e)["port"] == 21) {
      control_label = (*e)["label"].get<std::string>();
      continue;
    }
    ++data_flows;
    const std::string reason = (*e)["reasons"].empty() ? "" : (*e)["reasons"][0].get<std::string>();
    EXPECT_TRUE(reason.starts_with("connection announced by FTP ")) << e->dump();
    EXPECT_NE(reason.find("still open"), std::string::npos) << e->dump();
    EXPECT_EQ((*e)["label"], "unknown") << e->dump();
  }
  EXPECT_GE(data_flows, 2U);
  ASSERT_FALSE(control_label.empty());
  // The final verdicts are analyze's: each data connection carries the control's label.
  std::size_t expected = 0;
  for (const ConversationResult& c : r.result.conversations) {
    if (c.ip_proto != 6 || c.port == 21) continue;
    EXPECT_FALSE(c.expected_by.empty()) << c.port;
    EXPECT_EQ(rules::to_string(c.verdict.label), control_label) << c.port;
    ++expected;
  }
  EXPECT_GE(expected, 2U);
  // Once the control connection ended, the ports of its data connections voted its label.
  for (const auto* e : r.of("port")) {
    if ((*e)["transport"] == "tcp") {
      EXPECT_EQ((*e)["label"], control_label) << e->dump();
    }
  }
}

// The same capture with a site rule that calls FTP control connections a custom application:
// when the control connection ends and is judged, the data connections that waited for it
// take its label, and their ports' labels change then, not only in the final events.
TEST(LiveMonitor, FtpDataConnectionsTakeTheirControlsVerdictWhenItEnds) {
  const fs::path layer = temp_dir() / "site-rules";
  fs::create_directories(layer);
  {
    std::ofstream out(layer / "ftp.toml");
    out << "[[rule]]\nid = \"site_ftp_is_ours\"\nlabel = \"custom_application\"\nweight = 9\n"
           "reason = \"our FTP\"\nwhen = { port = \"== 21\" }\n";
  }
  EngineConfig config;
  config.rule_layers = {layer.string()};
  const LiveRun r("tests/data/external/zeek/ftp/ipv4.pcap", config);
  std::set<int> data_ports;
  for (const ConversationResult& c : r.result.conversations) {
    if (c.ip_proto != 6 || c.port == 21) continue;
    EXPECT_EQ(c.verdict.label, rules::Label::custom_application) << c.port;
    data_ports.insert(c.port);
  }
  ASSERT_GE(data_ports.size(), 2U);
  std::set<int> relabelled;
  for (const auto* e : r.of("port_label")) {
    if (e->contains("final")) continue;
    if ((*e)["label"] == "custom_application" && data_ports.contains((*e)["port"].get<int>())) {
      relabelled.insert((*e)["port"].get<int>());
    }
  }
  EXPECT_EQ(relabelled, data_ports);
  EXPECT_EQ(r.counters.awaiting_control_dropped, 0U);
}

TEST(LiveMonitor, PortLabelRuleIsTheAnalyzers) {
  for (const char* capture : {"mixed.pcap", "custom_application.pcap", "misconfiguration.pcap", "suspicious.pcap"}) {
    const LiveRun r(capture);
    for (const PortResult& p : r.result.ports) {
      LabelTally votes;
      for (const std::size_t i : p.conversations) {
        const Verdict& v = r.result.conversations[i].verdict;
        votes.add(v.label, v.confidence);
      }
      EXPECT_EQ(votes.port_label(), p.label) << capture << " port " << p.port;
    }
    // The last label each port announced is its final one.
    std::map<std::string, std::string> announced;
    for (const auto* e : r.of("port_label")) {
      announced[std::to_string((*e)["port"].get<int>()) + "/" + (*e)["transport"].get<std::string>()] = (*e)["label"];
    }
    for (const PortResult& p : r.result.ports) {
      const auto it = announced.find(std::to_string(p.port) + "/" + p.transport);
      if (it != announced.end()) EXPECT_EQ(it->second, rules::to_string(p.label)) << capture << " port " << p.port;
      else
        EXPECT_TRUE(p.label == rules::Label::unknown || p.label == rules::Label::scanner_noise)
            << capture << " port " << p.port;
    }
  }
}

TEST(LiveMonitor, ConversationsOverTheCapAreCountedNotJudged) {
  EngineConfig config;
  config.max_conversations = 3;
  config.judge_when_full = false;  // as ghostport live sets it: a full model starts a new epoch there
  const LiveRun r("misconfiguration.pcap", config);
  EXPECT_GT(r.counters.unjudged_flows, 0U);
  std::size_t unjudged = 0;
  for (const auto* e : r.of("flow")) unjudged += e->contains("unjudged") ? 1U : 0U;
  EXPECT_EQ(unjudged, r.counters.unjudged_flows);
  EXPECT_EQ(r.of("conversation").size(), 3U);
}

TEST(EventWriter, ReopenFollowsTheName) {
  const fs::path dir = temp_dir();
  const fs::path p = dir / "reopen.jsonl";
  fs::remove(p);
  fs::remove(dir / "reopen.jsonl.1");
  EventWriter w(p.string());
  ASSERT_TRUE(w.open());
  w.write(Event{{"event", "a"}});
  w.flush();
  fs::rename(p, dir / "reopen.jsonl.1");  // what logrotate does before SIGHUP
  w.write(Event{{"event", "b"}});         // still the old file
  ASSERT_TRUE(w.reopen());
  w.write(Event{{"event", "c"}});
  w.close();
  EXPECT_TRUE(w.ok());
  EXPECT_EQ(read_events(dir / "reopen.jsonl.1").size(), 2U);
  const auto now = read_events(p);
  ASSERT_EQ(now.size(), 1U);
  EXPECT_EQ(now[0]["event"], "c");
  EXPECT_EQ(w.events(), 3U);
}

TEST(EventWriter, UnwritablePathSaysWhere) {
  EventWriter w("/nonexistent-dir/events.jsonl");
  EXPECT_FALSE(w.open());
  EXPECT_NE(w.error().find("cannot open event file '/nonexistent-dir/events.jsonl'"), std::string::npos) << w.error();
}

TEST(PacketRecorder, RotatesBySizeAndKeepsTheNewest) {
  const fs::path dir = temp_dir() / "rot";
  fs::remove_all(dir);
  fs::create_directories(dir);
  RecorderOptions o;
  o.path = (dir / "ev.pcapng").string();
  o.rotate_bytes = 4000;
  o.keep_files = 2;
  o.interface_name = "test0";
  PacketRecorder rec(o);
  ASSERT_TRUE(rec.open(1'000'000'000));
  std::vector<std::uint8_t> bytes(1000, 0xab);
  RawFrame f;
  f.bytes = bytes;
  f.wire_len = 1000;
  for (int i = 0; i < 20; ++i) {
    f.ts = 1'000'000'000 + i * 1'000'000;
    rec.write(f);
  }
  rec.close();
  ASSERT_TRUE(rec.ok()) << rec.error();
  EXPECT_EQ(rec.packets(), 20U);
  // 3 packets (about 3.1 kB with headers) per file: 7 files, the newest two kept.
  EXPECT_EQ(rec.files_opened(), 7U);
  EXPECT_FALSE(fs::exists(dir / "ev.5.pcapng"));
  ASSERT_TRUE(fs::exists(dir / "ev.6.pcapng"));
  ASSERT_TRUE(fs::exists(dir / "ev.7.pcapng"));
  std::uint64_t packets = 0;
  for (const char* name : {"ev.6.pcapng", "ev.7.pcapng"}) {
    auto src = open_file_source(FileSourceOptions{(dir / name).string(), ""});
    RawFrame back;
    while (src->next(back) == ReadStatus::frame) {
      EXPECT_EQ(back.bytes.size(), 1000U);
      ++packets;
    }
  }
  EXPECT_EQ(packets, 5U);  // 3 in ev.6, 2 in ev.7
}

TEST(PacketRecorder, RotatesByTime) {
  const fs::path dir = temp_dir() / "rot-time";
  fs::remove_all(dir);
  fs::create_directories(dir);
  RecorderOptions o;
  o.path = (dir / "cap").string();  // no extension: the number goes at the end
  o.rotate_interval = 10'000'000'000;
  PacketRecorder rec(o);
  const TimeNs t0 = 1'700'000'000'000'000'000;
  ASSERT_TRUE(rec.open(t0));
  std::vector<std::uint8_t> bytes(60, 2);
  RawFrame f;
  f.bytes = bytes;
  f.wire_len = 60;
  for (const TimeNs at : {0, 3, 9, 10, 15, 31}) {  // seconds after the start
    f.ts = t0 + at * 1'000'000'000;
    rec.write(f);
  }
  rec.close();
  ASSERT_TRUE(rec.ok()) << rec.error();
  // A file covers 10 s from its first packet: [0, 3, 9], [10, 15], [31].
  EXPECT_EQ(rec.files_opened(), 3U);
  const std::map<std::string, int> expected{{"cap.1", 3}, {"cap.2", 2}, {"cap.3", 1}};
  for (const auto& [name, count] : expected) {
    auto src = open_file_source(FileSourceOptions{(dir / name).string(), ""});
    RawFrame back;
    int n = 0;
    while (src->next(back) == ReadStatus::frame) ++n;
    EXPECT_EQ(n, count) << name;
  }
}

TEST(PacketRecorder, WithoutRotationReopenAppendsASection) {
  const fs::path dir = temp_dir();
  const fs::path p = dir / "plain.pcapng";
  fs::remove(p);
  RecorderOptions o;
  o.path = p.string();
  PacketRecorder rec(o);
  ASSERT_TRUE(rec.open(0));
  std::vector<std::uint8_t> bytes(60, 1);
  RawFrame f;
  f.bytes = bytes;
  f.wire_len = 60;
  f.ts = 5;
  rec.write(f);
  ASSERT_TRUE(rec.reopen(0));
  rec.write(f);
  rec.close();
  ASSERT_TRUE(rec.ok()) << rec.error();
  auto src = open_file_source(FileSourceOptions{p.string(), ""});
  RawFrame back;
  int n = 0;
  while (src->next(back) == ReadStatus::frame) ++n;
  EXPECT_EQ(n, 2);
}

// The scratch directory goes when the tests are done.
class RemoveTempDir : public ::testing::Environment {
 public:
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(temp_dir(), ec);
  }
};
const auto* const kCleanup = ::testing::AddGlobalTestEnvironment(new RemoveTempDir);

}  // namespace
}  // namespace gp::live
