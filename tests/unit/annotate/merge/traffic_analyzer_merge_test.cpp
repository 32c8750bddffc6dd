// A collector's analyzer merging sensors' summaries (model and flow rule hits) judges like
// one analyzer that saw every flow: the same conversations, flows and verdicts; a rule that
// fired on both sensors counts once, with the reason the collector had first.
#include <gtest/gtest.h>
#include "tests/support/labels.hpp"

#include <string>
#include <variant>
#include <vector>

#include "annotate/traffic_analyzer.hpp"
#include "classify/features/feature_catalog.hpp"
#include "tests/unit/classify/features/flow_builder.hpp"

namespace gp {
namespace {

using test::FlowBuilder;

// Two flow rules: 0 fires on refused attempts, 1 on flows that carried client bytes (its
// reason says how many, so which reason was kept shows). The verdict lists the hits.
class FlowRuleEngine final : public VerdictEngine {
 public:
  using VerdictEngine::judge;

  Verdict judge(const FeatureValues& /*features*/) const override { return {}; }
  bool has_flow_rules() const override { return true; }
  void match_flow(const FeatureValues& flow, std::vector<rules::FlowRuleHit>& hits) const override {
    const FeatureValue state = flow.get(*find_feature("conn_state"));
    if (std::holds_alternative<std::string_view>(state) && std::get<std::string_view>(state) == "REJ") {
      add(hits, 0, "refused");
    }
    const FeatureValue bytes = flow.get(*find_feature("flow_orig_bytes"));
    if (std::holds_alternative<double>(bytes) && std::get<double>(bytes) > 0.0) {
      add(hits, 1, "sent " + std::to_string(static_cast<long long>(std::get<double>(bytes))) + " bytes");
    }
  }
  Verdict judge(const FeatureValues& /*features*/, std::span<const rules::FlowRuleHit> hits) const override {
    Verdict v;
    if (hits.empty()) return v;
    v.label = rules::Label::suspicious;
    v.confidence = 0.25 * static_cast<double>(hits.size());
    for (const rules::FlowRuleHit& h : hits) {
      v.evidence.push_back(RuleEvidence{"flow_rule_" + std::to_string(h.entry), v.label, 1.0, false, h.reason});
    }
    return v;
  }

 private:
  static void add(std::vector<rules::FlowRuleHit>& hits, std::size_t entry, std::string reason) {
    for (const rules::FlowRuleHit& h : hits) {
      if (h.entry == entry) return;
    }
    hits.push_back(rules::FlowRuleHit{entry, std::move(reason)});
  }
};

const ConversationKey kShared{test::ip("10.1.0.1"), test::ip("10.0.0.9"), 3255, 6};
const ConversationKey kOnlyB{test::ip("10.1.0.2"), test::ip("10.0.0.9"), 3255, 6};

std::vector<FlowBuilder> sensor_a() {
  return {test::tcp_session("10.1.0.1", 40000, "10.0.0.9", 3255, 100, 50, 1.0),
          test::tcp_unanswered("10.1.0.3", 40000, "10.0.0.9", 22, 2.0)};  // no rule fires
}
std::vector<FlowBuilder> sensor_b() {
  return {test::tcp_session("10.1.0.1", 40001, "10.0.0.9", 3255, 200, 50, 3.0),
          test::tcp_refused("10.1.0.1", 40002, "10.0.0.9", 3255, 4.0),
          test::tcp_refused("10.1.0.2", 40000, "10.0.0.9", 3255, 5.0)};
}

void feed(TrafficAnalyzer& a, const std::vector<FlowBuilder>& flows) {
  for (const FlowBuilder& f : flows) a.flow_ended(f.flow(), f.record());
}

std::vector<std::pair<std::size_t, std::string>> hits_of(const FlowHits& hits, const ConversationKey& key) {
  std::vector<std::pair<std::size_t, std::string>> out;
  if (const auto it = hits.find(key); it != hits.end()) {
    for (const rules::FlowRuleHit& h : it->second) out.emplace_back(h.entry, h.reason);
  }
  return out;
}

using Hits = std::vector<std::pair<std::size_t, std::string>>;

TEST(TrafficAnalyzerMerge, SensorsMergeIntoWhatOneAnalyzerJudges) {
  const FlowRuleEngine engine;
  TrafficAnalyzer a({}, engine);
  TrafficAnalyzer b({}, engine);
  TrafficAnalyzer single({}, engine);
  feed(a, sensor_a());
  feed(b, sensor_b());
  feed(single, sensor_a());
  feed(single, sensor_b());
  EXPECT_EQ(hits_of(b.all_flow_hits(), kShared), (Hits{{1, "sent 200 bytes"}, {0, "refused"}}));

  TrafficAnalyzer collector({}, engine);
  collector.merge(a.model(), a.all_flow_hits());
  collector.merge(b.model(), b.all_flow_hits());
  // Rule 1 fired on both sensors: once, with A's reason (merged first); rule 0 added from B.
  EXPECT_EQ(hits_of(collector.all_flow_hits(), kShared), (Hits{{1, "sent 100 bytes"}, {0, "refused"}}));
  EXPECT_EQ(hits_of(collector.all_flow_hits(), kOnlyB), (Hits{{0, "refused"}}));
  EXPECT_EQ(collector.all_flow_hits().size(), 2U);
  EXPECT_EQ(single.all_flow_hits().size(), 2U);
  EXPECT_EQ(hits_of(collector.all_flow_hits(), kShared), hits_of(single.all_flow_hits(), kShared));

  const AnalysisResult got = collector.finish();
  const AnalysisResult want = single.finish();
  ASSERT_EQ(got.conversations.size(), 3U);
  ASSERT_EQ(got.conversations.size(), want.conversations.size());
  for (std::size_t i = 0; i < got.conversations.size(); ++i) {
    const ConversationResult& g = got.conversations[i];
    const ConversationResult& w = want.conversations[i];
    EXPECT_EQ(g.client, w.client);
    EXPECT_EQ(g.port, w.port);
    EXPECT_EQ(g.flows, w.flows);
    EXPECT_EQ(g.client_bytes, w.client_bytes);
    EXPECT_EQ(g.first_start, w.first_start);
    EXPECT_EQ(g.last_end, w.last_end);
    EXPECT_EQ(g.verdict.label, w.verdict.label);
    EXPECT_DOUBLE_EQ(g.verdict.confidence, w.verdict.confidence);
    ASSERT_EQ(g.verdict.evidence.size(), w.verdict.evidence.size());
    for (std::size_t e = 0; e < g.verdict.evidence.size(); ++e) {
      EXPECT_EQ(g.verdict.evidence[e].reason, w.verdict.evidence[e].reason);
    }
  }
  ASSERT_EQ(got.ports.size(), want.ports.size());
  for (std::size_t i = 0; i < got.ports.size(); ++i) {
    EXPECT_EQ(got.ports[i].port, want.ports[i].port);
    EXPECT_EQ(got.ports[i].flows, want.ports[i].flows);
    EXPECT_EQ(got.ports[i].clients, want.ports[i].clients);
    EXPECT_EQ(got.ports[i].label, want.ports[i].label);
  }
  const ConversationResult* shared = nullptr;
  for (const ConversationResult& c : got.conversations) {
    if (c.client == kShared.client) shared = &c;
  }
  ASSERT_NE(shared, nullptr);
  EXPECT_EQ(shared->flows, 3U);
  EXPECT_EQ(shared->client_bytes, 300U);
  EXPECT_EQ(shared->verdict.label, rules::Label::suspicious);
  EXPECT_DOUBLE_EQ(shared->verdict.confidence, 0.5);
}

// A conversation judged without its client's statistics (the client table was full) says so
// in its evidence, and the result counts it.
TEST(TrafficAnalyzerCaps, VerdictsSayTheyLackTheirClientsStatistics) {
  const FlowRuleEngine engine;
  AnalyzerOptions capped;
  capped.model.max_clients = 1;
  TrafficAnalyzer analyzer(capped, engine);
  feed(analyzer, sensor_b());  // two clients
  const AnalysisResult result = analyzer.finish();
  EXPECT_EQ(result.judged_without_statistics, 1U);
  std::size_t said = 0;
  for (const ConversationResult& c : result.conversations) {
    for (const RuleEvidence& e : c.verdict.evidence) {
      if (e.rule_id != "model_table_full") continue;
      ++said;
      EXPECT_NE(e.reason.find("judged without its client's statistics"), std::string::npos) << e.reason;
      EXPECT_NE(e.reason.find("(1 clients"), std::string::npos) << e.reason;
    }
  }
  EXPECT_EQ(said, 1U);
}

TEST(TrafficAnalyzerMerge, HitsOnlyForConversationsTheModelHolds) {
  const FlowRuleEngine engine;
  TrafficAnalyzer b({}, engine);
  feed(b, sensor_b());
  AnalyzerOptions capped;
  capped.model.max_conversations = 1;
  TrafficAnalyzer collector(capped, engine);
  collector.merge(b.model(), b.all_flow_hits());
  ASSERT_EQ(collector.model().conversations().size(), 1U);
  ASSERT_EQ(collector.all_flow_hits().size(), 1U);
  EXPECT_TRUE(collector.model().conversations().contains(collector.all_flow_hits().begin()->first));
  EXPECT_EQ(collector.model().dropped_flows(), 3U - collector.model().conversations().begin()->second.flows);

  collector.merge(collector.model(), collector.all_flow_hits());  // itself: counts double, hits do not
  EXPECT_EQ(collector.all_flow_hits().begin()->second.size(),
            b.all_flow_hits().at(collector.all_flow_hits().begin()->first).size());
}

}  // namespace
}  // namespace gp
