// The annotation engine's own decisions, with verdicts dictated by a scripted engine: how a
// port's label is chosen from its conversations (scanner_noise only when nothing else was
// seen), the label breakdown, the port order, the hooks it calls, and that its output does
// not depend on the order in which flows happen to end.
#include "annotate/traffic_analyzer.hpp"

#include <gtest/gtest.h>
#include "tests/support/labels.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "report/analysis_render.hpp"
#include "tests/unit/annotate/scripted_engine.hpp"
#include "tests/unit/classify/features/tiny_registry.hpp"

namespace gp {
namespace {

using report::render_csv;
using report::render_explain;
using report::render_json;
using report::render_table;
using report::RenderOptions;
using test::FlowBuilder;
using test::ScriptedEngine;

const PortResult* find_port(const AnalysisResult& r, std::uint16_t port, std::uint8_t ip_proto = 6) {
  for (const PortResult& p : r.ports) {
    if (p.port == port && p.ip_proto == ip_proto) return &p;
  }
  ADD_FAILURE() << "no port " << port << "/" << int{ip_proto};
  return nullptr;
}

std::vector<std::pair<std::string, std::uint64_t>> breakdown(const PortResult& p) {
  std::vector<std::pair<std::string, std::uint64_t>> out;
  for (const LabelCount& l : p.breakdown) out.emplace_back(rules::to_string(l.label), l.conversations);
  return out;
}

std::string host(int n) { return "10.1.0." + std::to_string(n); }

AnalysisResult run(const std::vector<FlowBuilder>& flows, const VerdictEngine& engine, AnalyzerOptions options = {}) {
  TrafficAnalyzer a(std::move(options), engine);
  for (const FlowBuilder& f : flows) a.flow_ended(f.flow(), f.record());
  return a.finish();
}

// Port 3255: six scanner probes from .1-.6, one in-house conversation from .20.
TEST(PortLabel, ARealLabelBeatsAnyAmountOfScanNoise) {
  ScriptedEngine engine;
  std::vector<FlowBuilder> flows;
  for (int i = 1; i <= 6; ++i) {
    flows.push_back(test::tcp_unanswered(host(i), 40000, "10.0.0.9", 3255, i));
    engine.say(host(i), 3255, "scanner_noise", 0.9, "probe");
  }
  flows.push_back(test::tcp_session(host(20), 40000, "10.0.0.9", 3255, 100, 900, 10.0));
  engine.say(host(20), 3255, "custom_application", 0.5, "in-house sessions");
  const AnalysisResult r = run(flows, engine);
  const PortResult* p = find_port(r, 3255);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->label, rules::Label::custom_application);
  EXPECT_DOUBLE_EQ(p->confidence, 0.5);
  EXPECT_EQ(p->top_reason, "in-house sessions");
  EXPECT_EQ(breakdown(*p),
            (std::vector<std::pair<std::string, std::uint64_t>>{{"scanner_noise", 6}, {"custom_application", 1}}));
  EXPECT_EQ(p->flows, 7U);
  EXPECT_EQ(p->clients, 7U);
  EXPECT_EQ(p->servers, 1U);
  EXPECT_EQ(p->bytes, 1000U);
  EXPECT_EQ(p->conversations.size(), 7U);
}

TEST(PortLabel, ScannerNoiseOnlyWhenNothingElseWasSeen) {
  ScriptedEngine engine;
  std::vector<FlowBuilder> flows;
  for (int i = 1; i <= 3; ++i) {
    flows.push_back(test::tcp_unanswered(host(i), 40000, "10.0.0.9", 4, i));
    engine.say(host(i), 4, "scanner_noise", 0.8 + 0.05 * i, "probe " + std::to_string(i));
  }
  flows.push_back(test::tcp_session(host(9), 40000, "10.0.0.9", 4, 1, 1));  // unknown
  flows.push_back(test::tcp_session(host(10), 40000, "10.0.0.9", 4, 1, 1));
  const AnalysisResult r = run(flows, engine);
  const PortResult* p = find_port(r, 4);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->label, rules::Label::scanner_noise);
  EXPECT_DOUBLE_EQ(p->confidence, 0.95);
  EXPECT_EQ(p->top_reason, "probe 3");  // the most confident conversation of the port's label
  EXPECT_EQ(breakdown(*p), (std::vector<std::pair<std::string, std::uint64_t>>{{"scanner_noise", 3}, {"unknown", 2}}));
}

TEST(PortLabel, UnknownWhenNoConversationGotALabel) {
  ScriptedEngine engine;
  const AnalysisResult r = run({test::tcp_session(host(1), 40000, "10.0.0.9", 443, 1, 1),
                                test::tcp_session(host(2), 40000, "10.0.0.9", 443, 1, 1)},
                               engine);
  const PortResult* p = find_port(r, 443);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->label, rules::Label::unknown);
  EXPECT_EQ(p->confidence, 0.0);
  // What was observed, not a rule (issue 25): no rule fired here at all.
  EXPECT_EQ(p->top_reason, "no rule decided: 2 flows from 2 clients to 1 server, no payload");
  EXPECT_EQ(p->protocol, "none");
  EXPECT_TRUE(p->has_top);
  EXPECT_EQ(p->top_server.to_string(), "10.0.0.9");
  EXPECT_EQ(breakdown(*p), (std::vector<std::pair<std::string, std::uint64_t>>{{"unknown", 2}}));
}

TEST(PortLabel, SummedConfidenceNotTheSingleStrongestConversation) {
  ScriptedEngine engine;
  std::vector<FlowBuilder> flows;
  flows.push_back(test::tcp_session(host(1), 40000, "10.0.0.9", 3511, 10, 10));
  engine.say(host(1), 3511, "suspicious", 0.85, "one strong");
  for (int i = 2; i <= 4; ++i) {
    flows.push_back(test::tcp_refused(host(i), 40000, "10.0.0.9", 3511));
    engine.say(host(i), 3511, "misconfiguration", 0.375, "refused");
  }
  const AnalysisResult r = run(flows, engine);
  const PortResult* p = find_port(r, 3511);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->label, rules::Label::misconfiguration);  // 3 x 0.375 = 1.125 > 0.85
  EXPECT_DOUBLE_EQ(p->confidence, 0.375);
  EXPECT_EQ(p->top_reason, "refused");
}

TEST(PortLabel, EqualSupportGoesToMoreConversations) {
  ScriptedEngine engine;
  std::vector<FlowBuilder> flows;
  flows.push_back(test::tcp_session(host(1), 40000, "10.0.0.9", 3206, 10, 10));
  engine.say(host(1), 3206, "suspicious", 0.5, "one");
  for (int i = 2; i <= 3; ++i) {
    flows.push_back(test::tcp_session(host(i), 40000, "10.0.0.9", 3206, 10, 10));
    engine.say(host(i), 3206, "custom_application", 0.25, "two");
  }
  const AnalysisResult r = run(flows, engine);
  const PortResult* p = find_port(r, 3206);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->label, rules::Label::custom_application);
}

TEST(PortLabel, BreakdownByCountThenBySupport) {
  ScriptedEngine engine;
  std::vector<FlowBuilder> flows;
  const auto conv = [&](int n, const char* label, double conf) {
    flows.push_back(test::tcp_session(host(n), 40000, "10.0.0.9", 3780, 1, 1));
    engine.say(host(n), 3780, label, conf, label);
  };
  conv(1, "custom_application", 0.2);
  conv(2, "custom_application", 0.2);
  conv(3, "suspicious", 0.9);
  conv(4, "suspicious", 0.9);
  conv(5, "scanner_noise", 0.5);
  conv(6, "scanner_noise", 0.5);
  conv(7, "scanner_noise", 0.5);
  const AnalysisResult r = run(flows, engine);
  const PortResult* p = find_port(r, 3780);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->label, rules::Label::suspicious);
  EXPECT_EQ(breakdown(*p), (std::vector<std::pair<std::string, std::uint64_t>>{
                               {"scanner_noise", 3}, {"suspicious", 2}, {"custom_application", 2}}));
}

TEST(PortLabel, ConversationsOfAPortAreItsOwn) {
  ScriptedEngine engine;
  const AnalysisResult r = run({test::tcp_session(host(1), 40000, "10.0.0.9", 3255, 1, 1),
                                test::tcp_session(host(1), 40001, "10.0.0.9", 3206, 1, 1),
                                test::tcp_session(host(2), 40000, "10.0.0.9", 3255, 1, 1),
                                FlowBuilder(host(3), 5000, "10.0.0.9", 3255, 17).history("D").bytes(10, 0)},
                               engine);
  ASSERT_EQ(r.conversations.size(), 4U);
  std::size_t listed = 0;
  for (const PortResult& p : r.ports) {
    for (const std::size_t i : p.conversations) {
      ASSERT_LT(i, r.conversations.size());
      EXPECT_EQ(r.conversations[i].port, p.port);
      EXPECT_EQ(r.conversations[i].ip_proto, p.ip_proto);
      ++listed;
    }
  }
  EXPECT_EQ(listed, r.conversations.size());
  EXPECT_EQ(find_port(r, 3255, 6)->conversations.size(), 2U);
  EXPECT_EQ(find_port(r, 3255, 17)->conversations.size(), 1U);
}

// Orphaned, unofficial and unassigned ports first, then the rest; by flows within each,
// then by transport and port.
TEST(PortOrder, OrphanLikeFirstThenByFlows) {
  ScriptedEngine engine;
  std::vector<FlowBuilder> flows;
  const auto flows_to = [&](std::uint16_t port, int n, std::uint8_t proto = 6) {
    for (int i = 0; i < n; ++i) {
      flows.push_back(FlowBuilder(host(i + 1), static_cast<std::uint16_t>(40000 + i), "10.0.0.9", port, proto)
                          .history("Dd")
                          .state(ConnState::SF)
                          .bytes(1, 1)
                          .pkts(1, 1)
                          .at(i));
    }
  };
  flows_to(80, 10);       // active_service
  flows_to(3255, 2);      // orphaned
  flows_to(3255, 2, 17);  // orphaned (udp)
  flows_to(3546, 5);      // unassigned
  flows_to(50000, 1);     // dynamic
  flows_to(1023, 3);      // reserved
  FlowBuilder ping(host(1), 8, "10.0.0.9", 0, 1);
  for (int i = 0; i < 20; ++i) {
    ping.at(i);
    flows.push_back(ping);  // one conversation, 20 flows
  }
  AnalyzerOptions o;
  o.registry = &test::tiny_registry();
  const AnalysisResult r = run(flows, engine, std::move(o));
  std::vector<std::string> order;
  for (const PortResult& p : r.ports) order.push_back(std::to_string(p.port) + "/" + p.transport + " " + p.standing);
  ASSERT_EQ(order.size(), 7U);
  EXPECT_EQ(order[0], "3546/tcp unassigned");
  EXPECT_EQ(order[1], "3255/tcp orphaned");
  EXPECT_EQ(order[2], "3255/udp orphaned");
  EXPECT_EQ(order[3].substr(order[3].find('/')), "/icmp none");
  EXPECT_EQ(order[4], "80/tcp active_service");
  EXPECT_EQ(order[5], "1023/tcp reserved");
  EXPECT_EQ(order[6], "50000/tcp dynamic");
  EXPECT_EQ(find_port(r, 3255)->service, "semaphore");
  EXPECT_EQ(find_port(r, 3546)->service, "-");
}

TEST(PortOrder, WithoutARegistryEveryPortIsUnassignedExceptPortlessOnes) {
  ScriptedEngine engine;
  FlowBuilder ping(host(1), 8, "10.0.0.9", 0, 1);
  const AnalysisResult r = run({ping, ping, ping, test::tcp_session(host(1), 40000, "10.0.0.9", 80, 1, 1)}, engine);
  ASSERT_EQ(r.ports.size(), 2U);
  EXPECT_EQ(r.ports[0].transport, "tcp");
  EXPECT_EQ(r.ports[0].standing, "unassigned");
  EXPECT_EQ(r.ports[1].transport, "icmp");
  EXPECT_EQ(r.ports[1].standing, "none");
}

TEST(TrafficAnalyzer, HooksSeeEveryFlowAndEachSidesPayload) {
  ScriptedEngine engine;
  std::vector<std::string> observed;
  std::vector<std::string> identified;
  AnalyzerOptions o;
  o.observe_flow = [&observed](const Flow&, const ConnRecord& r) { observed.push_back(r.history); };
  o.identify = [&identified](const PayloadSample& p, bool from_client, std::uint8_t) -> std::uint8_t {
    const std::string text(p.view().begin(), p.view().end());
    identified.push_back((from_client ? "client:" : "server:") + text);
    if (text.starts_with("GET ")) return 2;  // http
    if (text.starts_with("SSH-")) return 5;  // ssh
    return 1;
  };
  o.scan_info = [](const IpAddress& client) {
    return client == test::ip("10.1.0.1") ? ClientScanInfo{true, "nmap"} : ClientScanInfo{};
  };
  auto curl_to_sshd = test::tcp_session(host(2), 40000, "10.0.0.9", 3511, 80, 40);
  curl_to_sshd.orig_payload(test::bytes_of("GET / HTTP/1.1")).resp_payload(test::bytes_of("SSH-2.0-OpenSSH_9.2p1"));
  // The NTP client Zeek flipped: the client is the responder, its payload is side [1].
  FlowBuilder ntp(host(3), 3480, "10.0.0.9", 123, 17);
  ntp.history("^d").state(ConnState::SHR).bytes(0, 48).pkts(0, 1).resp_payload(test::bytes_of("NTP?"));
  run({test::tcp_unanswered(host(1), 40000, "10.0.0.9", 3255), curl_to_sshd, ntp}, engine, std::move(o));
  EXPECT_EQ(observed, (std::vector<std::string>{"S", "ShADadFf", "^d"}));
  EXPECT_EQ(identified,
            (std::vector<std::string>{"client:GET / HTTP/1.1", "server:SSH-2.0-OpenSSH_9.2p1", "client:NTP?"}));
  ASSERT_EQ(engine.seen().size(), 3U);
  for (const auto& s : engine.seen()) {
    if (s.port == 3511) {
      EXPECT_EQ(s.protocol, "http");
    }
    if (s.port == 3255) {
      EXPECT_TRUE(s.scanner);
      EXPECT_EQ(s.scan_tool, "nmap");
    } else {
      EXPECT_FALSE(s.scanner);
      EXPECT_EQ(s.scan_tool, "none");
    }
  }
}

TEST(TrafficAnalyzer, ConversationResultCarriesItsNumbersAndFeatures) {
  ScriptedEngine engine;
  engine.say(host(1), 3255, "custom_application", 0.75, "sessions");
  AnalyzerOptions o;
  o.keep_features_for = [](std::uint16_t port, std::uint8_t ip_proto) { return port == 3255 && ip_proto == 6; };
  o.identify = [](const PayloadSample&, bool, std::uint8_t) -> std::uint8_t { return 2; };
  auto a = test::tcp_session(host(1), 40000, "10.0.0.9", 3255, 100, 900, 1.0);
  auto b = test::tcp_session(host(1), 40001, "10.0.0.9", 3255, 50, 0, 3.0);
  a.orig_payload(test::bytes_of("GET /"));
  const AnalysisResult r = run({a, b}, engine, std::move(o));
  ASSERT_EQ(r.conversations.size(), 1U);
  const ConversationResult& c = r.conversations[0];
  EXPECT_EQ(c.client, test::ip(host(1)));
  EXPECT_EQ(c.server, test::ip("10.0.0.9"));
  EXPECT_EQ(c.flows, 2U);
  EXPECT_EQ(c.client_bytes, 150U);
  EXPECT_EQ(c.server_bytes, 900U);
  EXPECT_EQ(c.first_start, 1 * test::kSecond);
  EXPECT_EQ(c.last_end, 3 * test::kSecond + test::kSecond / 2);
  EXPECT_EQ(c.protocol, "http");
  EXPECT_EQ(c.verdict.label, rules::Label::custom_application);
  // Every group feature, in catalogue order, rendered with its unit ("-" when unset).
  std::vector<std::string> names;
  for (const FeatureDef& d : feature_catalog()) {
    if (d.scope == FeatureScope::group) names.emplace_back(d.name);
  }
  ASSERT_EQ(c.features.size(), names.size());
  for (std::size_t i = 0; i < names.size(); ++i) EXPECT_EQ(c.features[i].first, names[i]);
  const auto value = [&c](std::string_view name) {
    for (const auto& [n, v] : c.features) {
      if (n == name) return v;
    }
    return std::string("?");
  };
  EXPECT_EQ(value("flows"), "2 flows");
  EXPECT_EQ(value("orig_bytes"), "150 bytes");
  EXPECT_EQ(value("completed_ratio"), "1.00");
  EXPECT_EQ(value("upload_ratio"), "0.14");
  EXPECT_EQ(value("protocol"), "http");
  EXPECT_EQ(value("client_internal"), "true");
  EXPECT_EQ(value("client_addr"), "10.1.0.1");
  EXPECT_EQ(value("beacon_score"), "-");  // two connections: no regularity to speak of
  EXPECT_EQ(value("mean_duration"), "0.5 s");
}

TEST(TrafficAnalyzer, FeaturesAreKeptOnlyForThePortAskedFor) {
  ScriptedEngine engine;
  const std::vector<FlowBuilder> flows{test::tcp_session(host(1), 40000, "10.0.0.9", 3255, 1, 1),
                                       test::tcp_session(host(1), 40001, "10.0.0.9", 3206, 1, 1)};
  const AnalysisResult none = run(flows, engine);
  ASSERT_EQ(none.conversations.size(), 2U);
  EXPECT_TRUE(none.conversations[0].features.empty());
  EXPECT_TRUE(none.conversations[1].features.empty());
  AnalyzerOptions o;
  o.keep_features_for = [](std::uint16_t port, std::uint8_t) { return port == 3255; };
  const AnalysisResult one = run(flows, engine, std::move(o));
  for (const ConversationResult& c : one.conversations) EXPECT_EQ(c.features.empty(), c.port != 3255) << c.port;
}

// Several conversations per port with equal confidence but different reasons: which one's
// reason the port shows, and every rendering, must not depend on the order flows ended in
// (the same capture read with another flow-table size or timeout ends them differently).
TEST(Determinism, OutputDoesNotDependOnTheOrderFlowsEnd) {
  ScriptedEngine engine;
  std::vector<FlowBuilder> flows;
  for (int i = 1; i <= 40; ++i) {
    const auto port = static_cast<std::uint16_t>(3200 + i % 4);
    flows.push_back(test::tcp_session(host(i), 40000, "10.0.0." + std::to_string(10 + i % 3), port,
                                      static_cast<std::uint64_t>(10 * i), 5, i));
    const char* label = i % 5 == 0 ? "scanner_noise" : i % 2 == 0 ? "custom_application" : "misconfiguration";
    engine.say(host(i), port, label, 0.5, std::string(label) + " seen from " + host(i));
  }
  auto reversed = flows;
  std::reverse(reversed.begin(), reversed.end());
  auto rotated = flows;
  std::rotate(rotated.begin(), rotated.begin() + 17, rotated.end());
  AnalyzerOptions o;
  o.registry = &test::tiny_registry();
  const AnalysisResult first = run(flows, engine, o);
  const RenderOptions ports{};
  RenderOptions conversations;
  conversations.conversations = true;
  for (const auto* order : {&flows, &reversed, &rotated}) {
    const AnalysisResult again = run(*order, engine, o);
    EXPECT_EQ(render_csv(again, ports), render_csv(first, ports));
    EXPECT_TRUE(render_json(again, ports) == render_json(first, ports)) << "JSON differs";
    EXPECT_TRUE(render_table(again, conversations) == render_table(first, conversations)) << "table differs";
    for (std::uint16_t port = 3200; port < 3204; ++port) {
      EXPECT_TRUE(render_explain(again, port, std::nullopt) == render_explain(first, port, std::nullopt))
          << "--explain " << port << " differs";
    }
  }
}

TEST(Determinism, ConversationsComeSortedByTransportPortServerClient) {
  ScriptedEngine engine;
  std::vector<FlowBuilder> flows;
  for (int i = 30; i >= 1; --i) {
    flows.push_back(test::tcp_session(host(i), 40000, "10.0.0." + std::to_string(i % 4),
                                      static_cast<std::uint16_t>(3000 + i % 3), 1, 1));
  }
  flows.push_back(FlowBuilder(host(1), 5000, "10.0.0.1", 3000, 17).history("D").bytes(10, 0));
  const AnalysisResult r = run(flows, engine);
  ASSERT_EQ(r.conversations.size(), 31U);
  EXPECT_TRUE(std::is_sorted(
      r.conversations.begin(), r.conversations.end(), [](const ConversationResult& a, const ConversationResult& b) {
        return std::tie(a.ip_proto, a.port, a.server, a.client) < std::tie(b.ip_proto, b.port, b.server, b.client);
      }));
}

}  // namespace
}  // namespace gp
