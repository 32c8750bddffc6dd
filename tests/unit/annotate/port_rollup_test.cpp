// Ports rolled up as their conversations are judged (annotate/port_rollup.hpp): on every
// bundled capture the ports are the same whether the analysis keeps its conversations or
// not, and each port's figures are what its kept conversations add up to, computed here
// the plain way (maps over every conversation).
#include "annotate/port_rollup.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>

#include "annotate/analysis_engine.hpp"
#include "report/analysis_render.hpp"
#include "tests/support/bundled_analysis.hpp"

namespace gp {
namespace {

AnalysisResult analyze(const std::string& capture, bool keep_conversations) {
  EngineConfig config;
  config.keep_conversations = keep_conversations;
  return test::analyze_bundled(capture, config);
}

const char* const kCaptures[] = {"mixed.pcap", "scanner_noise.pcapng", "suspicious.pcap", "misconfiguration.pcap",
                                 "custom_application.pcap"};

TEST(PortRollup, PortsAreTheSameWithoutKeptConversations) {
  for (const char* capture : kCaptures) {
    SCOPED_TRACE(capture);
    const AnalysisResult kept = analyze(capture, true);
    const AnalysisResult folded = analyze(capture, false);
    ASSERT_FALSE(kept.conversations.empty());
    EXPECT_TRUE(folded.conversations.empty());
    ASSERT_EQ(kept.ports.size(), folded.ports.size());
    for (const PortResult& p : folded.ports) EXPECT_TRUE(p.conversations.empty());
    for (const auto format : {report::AnalysisFormat::json, report::AnalysisFormat::table}) {
      EXPECT_EQ(report::render(kept, format, {}), report::render(folded, format, {}));
    }
  }
}

// --explain keeps only its port's conversations (keep_explained_only): the same results, in
// the same order, as when every port's are kept, and the same explanation; also when the
// model was full and some were judged early (a cap of 40).
TEST(PortRollup, ExplainKeepsOnlyItsPortsConversations) {
  for (const char* capture : kCaptures) {
    for (const std::size_t cap : {std::size_t{40}, TrafficModelConfig{}.max_conversations}) {
      SCOPED_TRACE(std::string(capture) + " cap " + std::to_string(cap));
      EngineConfig config;
      config.max_conversations = cap;
      const AnalysisResult first = test::analyze_bundled(capture, config);
      ASSERT_FALSE(first.ports.empty());
      // The port with the most conversations: the one a filter could get wrong.
      const PortResult& busiest = *std::max_element(
          first.ports.begin(), first.ports.end(),
          [](const PortResult& a, const PortResult& b) { return a.conversations.size() < b.conversations.size(); });
      config.explain_port = busiest.port;
      config.explain_transport = busiest.transport;
      const AnalysisResult all = test::analyze_bundled(capture, config);
      config.keep_explained_only = true;
      const AnalysisResult explained = test::analyze_bundled(capture, config);

      ASSERT_EQ(explained.conversations.size(), busiest.conversations.size());
      ASSERT_EQ(explained.ports.size(), all.ports.size());
      for (std::size_t p = 0; p < explained.ports.size(); ++p) {
        const PortResult& kept = explained.ports[p];
        const PortResult& whole = all.ports[p];
        ASSERT_EQ(kept.port, whole.port);
        if (kept.port != busiest.port || kept.transport != busiest.transport) {
          EXPECT_TRUE(kept.conversations.empty()) << kept.port << "/" << kept.transport;
          continue;
        }
        ASSERT_EQ(kept.conversations.size(), whole.conversations.size());
        for (std::size_t i = 0; i < kept.conversations.size(); ++i) {
          const ConversationResult& a = explained.conversations[kept.conversations[i]];
          const ConversationResult& b = all.conversations[whole.conversations[i]];
          EXPECT_EQ(a.client, b.client);
          EXPECT_EQ(a.server, b.server);
          EXPECT_EQ(a.verdict.label, b.verdict.label);
          EXPECT_EQ(a.features, b.features);
        }
      }
      const std::string text = report::render_explain(explained, busiest.port, busiest.transport);
      EXPECT_NE(text.find("features: port="), std::string::npos);
      EXPECT_EQ(text, report::render_explain(all, busiest.port, busiest.transport));
      EXPECT_EQ(report::render(explained, report::AnalysisFormat::table, {}),
                report::render(all, report::AnalysisFormat::table, {}));
    }
  }
}

// The port's top host: most flows among the conversations with the port's label, ties to the
// lower address (what a std::map walked in order gives).
IpAddress top_host(const AnalysisResult& r, const PortResult& p, bool client) {
  std::map<IpAddress, std::uint64_t> flows;
  for (std::size_t i : p.conversations) {
    const ConversationResult& c = r.conversations[i];
    if (c.verdict.label == p.label) flows[client ? c.client : c.server] += c.flows;
  }
  auto best = flows.begin();
  for (auto it = flows.begin(); it != flows.end(); ++it) {
    if (it->second > best->second) best = it;
  }
  return best == flows.end() ? IpAddress{} : best->first;
}

TEST(PortRollup, EachPortIsWhatItsConversationsAddUpTo) {
  std::size_t scan_only = 0;
  std::size_t not_scan_only = 0;
  for (const char* capture : kCaptures) {
    SCOPED_TRACE(capture);
    const AnalysisResult r = analyze(capture, true);
    const ScanEpisodeHosts scanners(r.scans);
    for (const PortResult& p : r.ports) {
      SCOPED_TRACE(p.port);
      ASSERT_FALSE(p.conversations.empty());
      EXPECT_EQ(p.conversation_count, p.conversations.size());
      std::uint64_t bytes = 0;
      std::uint64_t conversations_with_label = 0;
      TimeNs first = r.conversations[p.conversations.front()].first_start;
      bool only_scans = !scanners.empty();
      for (std::size_t i : p.conversations) {
        const ConversationResult& c = r.conversations[i];
        EXPECT_EQ(c.port, p.port);
        bytes += c.client_bytes + c.server_bytes;
        first = std::min(first, c.first_start);
        if (c.verdict.label == p.label) ++conversations_with_label;
        only_scans =
            only_scans && c.verdict.label == rules::Label::scanner_noise && scanners.covers(c.client, c.server);
      }
      EXPECT_EQ(p.bytes, bytes);
      EXPECT_EQ(p.first_start, first);
      EXPECT_EQ(p.scan_only, only_scans);
      (p.scan_only ? scan_only : not_scan_only) += 1;
      ASSERT_TRUE(p.has_top);
      EXPECT_GT(conversations_with_label, 0U);
      EXPECT_EQ(p.top_client, top_host(r, p, true));
      EXPECT_EQ(p.top_server, top_host(r, p, false));
    }
  }
  // Both kinds of port occur in the bundled captures, so the comparison above saw both.
  EXPECT_GT(scan_only, 0U);
  EXPECT_GT(not_scan_only, 0U);
}

ConversationResult judged(const char* client, const char* server, const char* reason) {
  ConversationResult c;
  c.client = IpAddress::parse(client).value();
  c.server = IpAddress::parse(server).value();
  c.port = 7325;
  c.ip_proto = 6;
  c.flows = 1;
  c.verdict.label = rules::Label::scanner_noise;
  c.verdict.confidence = 0.8;
  c.verdict.evidence.push_back(RuleEvidence{"rule", rules::Label::scanner_noise, 4.0, false, reason});
  return c;
}

ConversationKey key_of(const ConversationResult& c) { return ConversationKey{c.client, c.server, c.port, c.ip_proto}; }

// Equally confident conversations: the port's example is the first in key order, whatever
// order they were judged in and however they were split between a rollup of those judged
// early and the rest, as when all are judged at the end.
TEST(PortRollup, ExampleTiesGoToTheFirstConversationInKeyOrder) {
  const ConversationResult first = judged("198.51.100.9", "10.0.0.1", "first in key order");
  const ConversationResult second = judged("198.51.100.1", "10.0.0.2", "second");
  const ConversationResult third = judged("198.51.100.2", "10.0.0.3", "third");
  const PortKey port{7325, 6};
  const ScanEpisodeHosts no_scans{std::span<const scan::ScanEpisode>{}};

  PortRollup in_order(port, nullptr);
  for (const auto* c : {&first, &second, &third}) in_order.add(key_of(*c), *c);
  EXPECT_EQ(in_order.finish(nullptr, no_scans).top_reason, "first in key order");

  PortRollup early(port, nullptr);
  early.add(key_of(third), third);
  early.add(key_of(second), second);
  PortRollup rest(port, nullptr);
  rest.add(key_of(first), first);
  EXPECT_EQ(rest.finish(nullptr, no_scans, &early).top_reason, "first in key order");

  PortRollup early_first(port, nullptr);
  early_first.add(key_of(first), first);
  PortRollup rest_after(port, nullptr);
  rest_after.add(key_of(third), third);
  rest_after.add(key_of(second), second);
  EXPECT_EQ(rest_after.finish(nullptr, no_scans, &early_first).top_reason, "first in key order");
}

}  // namespace
}  // namespace gp
