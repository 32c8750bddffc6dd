// A full traffic model judges its quietest conversations early (AnalyzerOptions::
// judge_when_full): on the bundled captures with a cap far below their conversations, every
// flow is still judged, each early verdict says so, the ports add up, the outputs are the same
// with and without kept conversations, and no port is called suspicious or misconfigured
// that the uncapped analysis did not call so.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "annotate/analysis_engine.hpp"
#include "report/analysis_render.hpp"
#include "report/conversation_lines.hpp"
#include "tests/support/bundled_analysis.hpp"

namespace gp {
namespace {

using test::analyze_bundled;

EngineConfig capped(std::size_t max_conversations, bool keep = true) {
  EngineConfig config;
  config.max_conversations = max_conversations;
  config.keep_conversations = keep;
  return config;
}

std::uint64_t flows_judged(const AnalysisResult& r) {
  std::uint64_t flows = 0;
  for (const ConversationResult& c : r.conversations) flows += c.flows;
  return flows;
}

bool says_judged_early(const ConversationResult& c) {
  return std::any_of(c.verdict.evidence.begin(), c.verdict.evidence.end(),
                     [](const RuleEvidence& e) { return e.rule_id == "judged_before_end"; });
}

// Ports an analyst is alerted to: suspicious or misconfiguration.
std::set<std::pair<std::uint8_t, std::uint16_t>> alarms(const AnalysisResult& r) {
  std::set<std::pair<std::uint8_t, std::uint16_t>> out;
  for (const PortResult& p : r.ports) {
    if (p.label == rules::Label::suspicious || p.label == rules::Label::misconfiguration)
      out.insert({p.ip_proto, p.port});
  }
  return out;
}

const char* const kCaptures[] = {"mixed.pcap", "scanner_noise.pcapng", "suspicious.pcap", "misconfiguration.pcap",
                                 "custom_application.pcap"};

TEST(JudgedBeforeEnd, EveryFlowIsJudgedAndEarlyVerdictsSaySo) {
  for (const char* capture : kCaptures) {
    SCOPED_TRACE(capture);
    const AnalysisResult whole = analyze_bundled(capture, {});
    ASSERT_EQ(whole.judged_before_end, 0U);
    const std::size_t cap = std::max<std::size_t>(2, whole.conversations.size() / 10);
    ASSERT_GT(whole.conversations.size(), cap);
    const AnalysisResult r = analyze_bundled(capture, capped(cap));
    EXPECT_EQ(r.unmodelled_flows, 0U);
    EXPECT_GT(r.judged_before_end, 0U);
    // Client and service tables as large as the cap: no conversation lacks their statistics.
    EXPECT_EQ(r.judged_without_statistics, 0U);
    EXPECT_EQ(flows_judged(r), flows_judged(whole));
    EXPECT_EQ(
        static_cast<std::uint64_t>(std::count_if(r.conversations.begin(), r.conversations.end(), says_judged_early)),
        r.judged_before_end);
    EXPECT_TRUE(std::is_sorted(r.conversations.begin(), r.conversations.end(), [](const auto& a, const auto& b) {
      return std::tie(a.ip_proto, a.port, a.server, a.client) < std::tie(b.ip_proto, b.port, b.server, b.client);
    }));
    std::size_t listed = 0;
    for (const PortResult& p : r.ports) {
      EXPECT_EQ(p.conversation_count, p.conversations.size());
      for (std::size_t i : p.conversations) EXPECT_EQ(r.conversations[i].port, p.port);
      listed += p.conversations.size();
    }
    EXPECT_EQ(listed, r.conversations.size());
    // A conversation judged early and seen again is judged again: never fewer than before.
    EXPECT_GE(r.conversations.size(), whole.conversations.size());
    const auto raised = alarms(r);
    const auto before = alarms(whole);
    EXPECT_TRUE(std::includes(before.begin(), before.end(), raised.begin(), raised.end()))
        << "a port became an alarm only because its conversations were judged early";
  }
}

TEST(JudgedBeforeEnd, PortsAreTheSameWithoutKeptConversations) {
  for (const char* capture : kCaptures) {
    SCOPED_TRACE(capture);
    const AnalysisResult kept = analyze_bundled(capture, capped(40, true));
    const AnalysisResult folded = analyze_bundled(capture, capped(40, false));
    EXPECT_EQ(kept.judged_before_end, folded.judged_before_end);
    EXPECT_TRUE(folded.conversations.empty());
    for (const auto format : {report::AnalysisFormat::json, report::AnalysisFormat::table}) {
      EXPECT_EQ(report::render(kept, format, {}), report::render(folded, format, {}));
    }
  }
}

// analyze -F json|jsonl|csv --conversations streams each result as it is judged (on_judged) and
// keeps none: the same conversations as when they are kept, in key order when none was judged
// early, and otherwise with the early batches first; the ports are the same either way.
TEST(JudgedBeforeEnd, StreamedConversationsAreTheKeptOnes) {
  for (const char* capture : kCaptures) {
    for (const std::size_t cap : {std::size_t{40}, TrafficModelConfig{}.max_conversations}) {
      SCOPED_TRACE(std::string(capture) + " cap " + std::to_string(cap));
      const AnalysisResult kept = analyze_bundled(capture, capped(cap, true));
      std::vector<std::string> streamed;
      std::vector<bool> early;
      EngineConfig config = capped(cap, false);
      config.on_judged = [&](const ConversationResult& c) {
        streamed.push_back(report::conversation_json_line(c));
        early.push_back(says_judged_early(c));
      };
      const AnalysisResult folded = analyze_bundled(capture, config);
      EXPECT_TRUE(folded.conversations.empty());
      std::vector<std::string> expected;
      for (const ConversationResult& c : kept.conversations) expected.push_back(report::conversation_json_line(c));
      if (kept.judged_before_end == 0) {
        EXPECT_EQ(streamed, expected);
      } else {
        EXPECT_TRUE(std::is_partitioned(early.begin(), early.end(), [](bool e) { return e; }));
        std::sort(streamed.begin(), streamed.end());
        std::sort(expected.begin(), expected.end());
        EXPECT_EQ(streamed, expected);
      }
      EXPECT_EQ(report::render(kept, report::AnalysisFormat::json, {}),
                report::render(folded, report::AnalysisFormat::json, {}));
    }
  }
}

TEST(JudgedBeforeEnd, WithoutItFlowsOverTheCapAreCountedAndLeftUnjudged) {
  EngineConfig config = capped(40);
  config.judge_when_full = false;
  const AnalysisResult r = analyze_bundled("mixed.pcap", config);
  EXPECT_EQ(r.judged_before_end, 0U);
  EXPECT_GT(r.unmodelled_flows, 0U);
  EXPECT_EQ(r.conversations.size(), 40U);
}

// A recorded nmap -6 scan followed by a shell and an upload on the two ports it found open
// (tests/data/recorded/README.md): under a cap that judges the probes long before the sessions
// come, the scans followed by sessions are the uncapped ones, and so are those ports' verdicts.
TEST(JudgedBeforeEnd, ScanChainsOutliveTheirProbesJudgedEarly) {
  const std::string capture = "../tests/data/recorded/scan_then_exploit_ipv6.pcap";
  const AnalysisResult whole = analyze_bundled(capture, {});
  ASSERT_EQ(whole.scan_chains.size(), 2U);
  const auto verdict_of = [](const AnalysisResult& r, std::uint16_t port) {
    for (const PortResult& p : r.ports) {
      if (p.port == port && p.ip_proto == 6) return std::make_pair(p.label, p.top_reason);
    }
    ADD_FAILURE() << port << "/tcp not listed";
    return std::make_pair(rules::Label::unknown, std::string());
  };
  for (const std::size_t cap : {std::size_t{2}, std::size_t{5}, std::size_t{40}}) {
    SCOPED_TRACE("cap " + std::to_string(cap));
    const AnalysisResult r = analyze_bundled(capture, capped(cap));
    ASSERT_GT(r.judged_before_end, 0U);
    EXPECT_EQ(r.scan_chains_left_out, 0U);
    ASSERT_EQ(r.scan_chains.size(), whole.scan_chains.size());
    for (std::size_t i = 0; i < r.scan_chains.size(); ++i) {
      EXPECT_EQ(r.scan_chains[i].reason(), whole.scan_chains[i].reason());
      EXPECT_EQ(r.scan_chains[i].first_probe_answered, whole.scan_chains[i].first_probe_answered);
      EXPECT_EQ(r.scan_chains[i].first_session, whole.scan_chains[i].first_session);
      EXPECT_EQ(verdict_of(r, r.scan_chains[i].port), verdict_of(whole, whole.scan_chains[i].port));
    }
  }
  // Room for one probe kept: the other chain is missing, counted, and the run says so.
  const AnalysisResult one = analyze_bundled(capture, capped(1));
  EXPECT_EQ(one.scan_chains.size(), 1U);
  EXPECT_EQ(one.scan_chains_left_out, 1U);
  const auto warnings = capacity_warnings(one);
  EXPECT_TRUE(std::any_of(warnings.begin(), warnings.end(), [](const std::string& w) {
    return w.find("could be scans followed by sessions were left out") != std::string::npos;
  }));
}

}  // namespace
}  // namespace gp
