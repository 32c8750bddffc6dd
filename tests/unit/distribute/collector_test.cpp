// Sensors' summaries, merged, give what one engine fed every flow gives: the traffic model's
// counts and scan detection's findings — including a horizontal scan that no single sensor
// saw enough of to call it one.
#include <gtest/gtest.h>

#include <fmt/core.h>

#include "classify/scan/scan_detector.hpp"
#include "rules/rule_set.hpp"
#include "tests/unit/annotate/scripted_engine.hpp"
#include "tests/unit/classify/features/flow_builder.hpp"
#include "distribute/collector.hpp"
#include "distribute/sensor_summaries.hpp"

namespace gp::distribute {
namespace {

using test::FlowBuilder;
using test::ip;

constexpr const char* kScanner = "192.0.2.66";

// A SYN refused with a RST, as a scanner's probe looks (first segment a bare SYN).
FlowBuilder syn_probe(const std::string& target, double t) {
  FlowBuilder b = test::tcp_refused(kScanner, 40000, target, 3255, t);
  return b;
}

Flow with_syn(const FlowBuilder& b) {
  Flow f = b.flow();
  f.evidence.first_orig_segment.present = true;
  f.evidence.first_orig_segment.flags = 0x02;
  f.evidence.first_orig_segment.window = 64240;  // an ordinary stack's, no scanning tool's
  return f;
}

struct Traffic {
  std::vector<std::pair<Flow, ConnRecord>> flows;
  std::vector<int> sensor;  // which of two sensors saw each flow
};

// Forty hosts probed on one port, twenty on each sensor's link; and sessions on both.
Traffic network() {
  Traffic t;
  for (int h = 1; h <= 40; ++h) {
    const FlowBuilder b = syn_probe(fmt::format("10.0.{}.{}", h <= 20 ? 1 : 2, h), 10.0 + h * 0.5);
    t.flows.emplace_back(with_syn(b), b.record());
    t.sensor.push_back(h <= 20 ? 0 : 1);
  }
  for (int i = 0; i < 30; ++i) {
    const bool second = i % 3 == 0;
    const FlowBuilder b = test::tcp_session(second ? "10.0.2.50" : "10.0.1.50", static_cast<std::uint16_t>(50000 + i),
                                            second ? "10.0.2.9" : "10.0.1.9", 3206, static_cast<std::uint64_t>(100 + i),
                                            2000, 5.0 + i * 2.0);
    t.flows.emplace_back(b.flow(), b.record());
    t.sensor.push_back(second ? 1 : 0);
  }
  // Time order (as flows end), as a capture of both links would give them.
  std::vector<std::size_t> order(t.flows.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return t.flows[a].second.last < t.flows[b].second.last; });
  Traffic sorted;
  for (const std::size_t i : order) {
    sorted.flows.push_back(t.flows[i]);
    sorted.sensor.push_back(t.sensor[i]);
  }
  return sorted;
}

class CollectorTest : public ::testing::Test {
 protected:
  std::unique_ptr<TrafficAnalyzer> analyzer() const {
    return std::make_unique<TrafficAnalyzer>(AnalyzerOptions{}, engine_);
  }

  // Each sensor's summaries, encoded, cut every `interval_s` seconds of traffic.
  std::vector<std::string> publish(const Traffic& t, int sensor, double interval_s) {
    std::vector<std::string> out;
    SummaryOptions o;
    o.sensor = fmt::format("s{}", sensor);
    o.run = fmt::format("run{}", sensor);
    o.interval = static_cast<TimeNs>(interval_s * 1e9);
    SensorSummaries summaries(
        o, [this] { return analyzer(); }, rules_, [&out](const SensorSummary& s) { out.push_back(encode_summary(s)); });
    for (std::size_t i = 0; i < t.flows.size(); ++i) {
      if (t.sensor[i] == sensor) summaries.flow_ended(t.flows[i].first, t.flows[i].second);
    }
    summaries.finish();
    return out;
  }

  test::ScriptedEngine engine_;
  rules::RuleSet rules_;
};

TEST_F(CollectorTest, MergedSensorsEqualOneEngineOnAllTheTraffic) {
  const Traffic t = network();
  auto whole = analyzer();
  scan::ScanDetector whole_scans;
  for (const auto& [flow, record] : t.flows) {
    whole->flow_ended(flow, record);
    whole_scans.observe(flow, record);
  }
  whole_scans.finish();

  std::vector<std::string> a = publish(t, 0, 7.0);
  std::vector<std::string> b = publish(t, 1, 11.0);
  ASSERT_GT(a.size(), 2U);  // several summaries each
  ASSERT_GT(b.size(), 2U);

  auto merged = analyzer();
  scan::ScanDetector merged_scans;
  Collector collector(*merged, merged_scans, rules_);
  // Interleaved, the second sensor's first: arrival order must not matter.
  for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    if (i < b.size()) {
      EXPECT_EQ(collector.add(b[i]), "");
    }
    if (i < a.size()) {
      EXPECT_EQ(collector.add(a[i]), "");
    }
  }
  collector.finish();
  merged_scans.finish();

  EXPECT_EQ(collector.counters().summaries, a.size() + b.size());
  EXPECT_EQ(collector.counters().flows, t.flows.size());
  EXPECT_EQ(collector.counters().sensors.size(), 2U);
  EXPECT_EQ(collector.counters().finished_runs, 2U);

  EXPECT_EQ(merged->model().conversations().size(), whole->model().conversations().size());
  for (const auto& [key, stats] : whole->model().conversations()) {
    const auto it = merged->model().conversations().find(key);
    ASSERT_NE(it, merged->model().conversations().end());
    EXPECT_EQ(it->second.flows, stats.flows);
    EXPECT_EQ(it->second.completed, stats.completed);
    EXPECT_EQ(it->second.client_bytes, stats.client_bytes);
    EXPECT_EQ(it->second.starts, stats.starts);
  }
  const PortStats* port = merged->model().port(PortKey{3255, 6});
  ASSERT_NE(port, nullptr);
  EXPECT_EQ(port->clients.count(), 1U);
  EXPECT_EQ(port->servers.count(), 40U);

  const scan::SourceSummary* w = whole_scans.source(ip(kScanner));
  const scan::SourceSummary* m = merged_scans.source(ip(kScanner));
  ASSERT_NE(w, nullptr);
  ASSERT_NE(m, nullptr);
  EXPECT_TRUE(w->is_scanner);
  EXPECT_TRUE(m->is_scanner);
  EXPECT_EQ(m->type, w->type);
  EXPECT_EQ(m->distinct_hosts, 40U);
  EXPECT_EQ(m->probes, w->probes);
  EXPECT_EQ(merged_scans.stats().probes, whole_scans.stats().probes);
  EXPECT_EQ(merged_scans.stats().sessions, whole_scans.stats().sessions);
  EXPECT_EQ(merged_scans.episodes().size(), whole_scans.episodes().size());
}

TEST_F(CollectorTest, NoSensorAloneSeesTheScan) {
  const Traffic t = network();
  for (int sensor = 0; sensor < 2; ++sensor) {
    scan::ScanDetector one;
    for (std::size_t i = 0; i < t.flows.size(); ++i) {
      if (t.sensor[i] == sensor) one.observe(t.flows[i].first, t.flows[i].second);
    }
    one.finish();
    ASSERT_NE(one.source(ip(kScanner)), nullptr);
    EXPECT_FALSE(one.is_scanner(ip(kScanner))) << "sensor " << sensor << " alone: 20 hosts are under 25";
  }
}

TEST_F(CollectorTest, KnownSensorCountReleasesAsSummariesArriveWithTheSameResult) {
  const Traffic t = network();
  const std::vector<std::string> a = publish(t, 0, 3.0);
  const std::vector<std::string> b = publish(t, 1, 5.0);
  auto merged = analyzer();
  scan::ScanDetector scans;
  Collector collector(*merged, scans, rules_, /*expected_runs=*/2);
  for (const std::string& m : a) collector.add(m);
  EXPECT_EQ(collector.counters().observations, 0U) << "nothing goes before the other sensor is heard from";
  collector.add(b.front());
  const std::uint64_t early = collector.counters().observations;
  for (std::size_t i = 1; i < b.size(); ++i) collector.add(b[i]);
  collector.finish();
  scans.finish();
  EXPECT_GT(collector.counters().observations, early);
  EXPECT_EQ(collector.counters().released_early, 0U);
  EXPECT_TRUE(scans.is_scanner(ip(kScanner)));
  EXPECT_EQ(scans.source(ip(kScanner))->distinct_hosts, 40U);
}

TEST_F(CollectorTest, ADuplicateIsMergedOnceAndJunkChangesNothing) {
  const Traffic t = network();
  const std::vector<std::string> a = publish(t, 0, 1000.0);
  auto merged = analyzer();
  scan::ScanDetector scans;
  Collector collector(*merged, scans, rules_);
  ASSERT_EQ(collector.add(a.front()), "");
  const std::size_t conversations = merged->model().conversations().size();
  EXPECT_EQ(collector.add(a.front()), "");
  EXPECT_EQ(collector.counters().duplicates, 1U);
  EXPECT_EQ(merged->model().conversations().size(), conversations);
  EXPECT_NE(collector.add("not a summary"), "");
  std::string cut = a.front().substr(0, a.front().size() - 10);
  EXPECT_NE(collector.add(cut), "");
  EXPECT_EQ(collector.counters().malformed, 2U);
  EXPECT_EQ(collector.counters().summaries, 1U);
  EXPECT_EQ(merged->model().conversations().size(), conversations);
}

}  // namespace
}  // namespace gp::distribute
