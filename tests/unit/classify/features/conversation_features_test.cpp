// A conversation's features as the rules see them, computed from a small traffic model fed
// through its public API: outcome ratios, bytes, the protocol each side speaks, entropy,
// beacon timing, the port's and service's other users, and the client's whole behaviour.
#include "classify/features/conversation_features.hpp"
#include "classify/features/scan_chain.hpp"

#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "tests/unit/classify/features/flow_builder.hpp"
#include "tests/unit/classify/features/tiny_registry.hpp"

namespace gp {
namespace {

using test::FlowBuilder;
using test::ip;

constexpr std::uint8_t kNone = 0, kUnknown = 1, kHttp = 2, kTls = 3, kSsh = 5, kPop3 = 8;

FeatureValue value_of(const FeatureValues& f, std::string_view name) {
  const auto id = find_feature(name);
  EXPECT_TRUE(id.has_value()) << name;
  return id ? f.get(*id) : FeatureValue{};
}
double num(const FeatureValues& f, std::string_view name) {
  const FeatureValue v = value_of(f, name);
  EXPECT_TRUE(std::holds_alternative<double>(v)) << name << " is not a number";
  return std::holds_alternative<double>(v) ? std::get<double>(v) : -1.0;
}
bool flag(const FeatureValues& f, std::string_view name) {
  const FeatureValue v = value_of(f, name);
  EXPECT_TRUE(std::holds_alternative<bool>(v)) << name << " is not a boolean";
  return std::holds_alternative<bool>(v) && std::get<bool>(v);
}
std::string word(const FeatureValues& f, std::string_view name) {
  const FeatureValue v = value_of(f, name);
  EXPECT_TRUE(std::holds_alternative<std::string_view>(v)) << name << " is not text";
  return std::holds_alternative<std::string_view>(v) ? std::string(std::get<std::string_view>(v)) : "?";
}
bool unset(const FeatureValues& f, std::string_view name) {
  return std::holds_alternative<std::monostate>(value_of(f, name));
}

bool http_on_80(std::string_view protocol, std::uint16_t port, std::uint8_t ip_proto) {
  return protocol == "http" && port == 80 && ip_proto == 6;
}

std::vector<std::uint8_t> http_request() {
  return test::bytes_of("GET /api/v1/jobs HTTP/1.1\r\nHost: build.internal\r\nUser-Agent: agent/2\r\n\r\n");
}

// The model and the conversations under test.
class ConversationFeaturesTest : public ::testing::Test {
 protected:
  void add(const FlowBuilder& b, std::uint8_t client_protocol = kNone, std::uint8_t server_protocol = kNone) {
    model_.add(b.flow(), b.record(), client_protocol, server_protocol);
  }

  ConversationFeatures features(std::string_view client, std::string_view server, std::uint16_t port,
                                std::uint8_t ip_proto = 6, ClientScanInfo scan = {},
                                const registry::PortRegistry* reg = &test::tiny_registry()) {
    const ConversationKey key{ip(client), ip(server), port, ip_proto};
    const auto it = model_.conversations().find(key);
    EXPECT_NE(it, model_.conversations().end()) << client << " -> " << server << ":" << port;
    static const ConversationStats kEmpty;
    const ConversationStats& stats = it == model_.conversations().end() ? kEmpty : it->second;
    const FeatureContext ctx{model_, reg, internal_, http_on_80};
    return ConversationFeatures(key, stats, ctx, scan);
  }

  TrafficModel model_;
  InternalNetworks internal_ = InternalNetworks::defaults();
};

// Client 10.0.0.5 checks in with 10.0.0.9:3255 every 10 s: four sessions, one refusal, one
// attempt nobody answered; it also browses 10.0.0.9:80 once and tries 10.0.0.11:3255 once.
// Another client, 10.0.0.6, has one session with 10.0.0.10:3255.
class RichConversation : public ConversationFeaturesTest {
 protected:
  void SetUp() override {
    for (int i = 0; i < 4; ++i) {
      auto s =
          test::tcp_session("10.0.0.5", static_cast<std::uint16_t>(40000 + i), "10.0.0.9", 3255, 100, 400, 10.0 * i);
      s.orig_payload(http_request());
      add(s, kHttp, kHttp);
    }
    add(test::tcp_refused("10.0.0.5", 40004, "10.0.0.9", 3255, 40.0));
    add(test::tcp_unanswered("10.0.0.5", 40005, "10.0.0.9", 3255, 50.0));
    add(test::tcp_session("10.0.0.5", 40006, "10.0.0.9", 80, 50, 5000, 5.0), kHttp, kHttp);
    add(test::tcp_unanswered("10.0.0.5", 40007, "10.0.0.11", 3255, 7.0));
    add(test::tcp_session("10.0.0.6", 50000, "10.0.0.10", 3255, 10, 10, 3.0));
  }
};

TEST_F(RichConversation, EveryGroupFeatureHasAValue) {
  const ConversationFeatures f = features("10.0.0.5", "10.0.0.9", 3255, 6, {true, "nmap"});
  for (const FeatureDef& def : feature_catalog()) {
    if (def.scope != FeatureScope::group) continue;
    EXPECT_FALSE(unset(f, def.name)) << def.name << " was never computed";
  }
}

TEST_F(RichConversation, FlowScopeFeaturesAreNotAConversations) {
  const ConversationFeatures f = features("10.0.0.5", "10.0.0.9", 3255);
  for (const FeatureDef& def : feature_catalog()) {
    if (def.scope == FeatureScope::flow) {
      EXPECT_TRUE(unset(f, def.name)) << def.name;
    }
  }
}

TEST_F(RichConversation, ServiceAndStanding) {
  const ConversationFeatures f = features("10.0.0.5", "10.0.0.9", 3255);
  EXPECT_EQ(num(f, "port"), 3255.0);
  EXPECT_EQ(word(f, "transport"), "tcp");
  EXPECT_EQ(word(f, "standing"), "orphaned");
  EXPECT_FALSE(flag(f, "system_port"));
  const ConversationFeatures web = features("10.0.0.5", "10.0.0.9", 80);
  EXPECT_EQ(word(web, "standing"), "active_service");
  EXPECT_TRUE(flag(web, "system_port"));
  EXPECT_EQ(word(features("10.0.0.5", "10.0.0.9", 3255, 6, {}, nullptr), "standing"), "unassigned");
}

TEST_F(RichConversation, OutcomeRatios) {
  const ConversationFeatures f = features("10.0.0.5", "10.0.0.9", 3255);
  EXPECT_EQ(num(f, "flows"), 6.0);
  EXPECT_DOUBLE_EQ(num(f, "completed_ratio"), 4.0 / 6.0);
  EXPECT_DOUBLE_EQ(num(f, "answered_ratio"), 5.0 / 6.0);
  EXPECT_DOUBLE_EQ(num(f, "rejected_ratio"), 1.0 / 6.0);
  EXPECT_DOUBLE_EQ(num(f, "unanswered_ratio"), 1.0 / 6.0);
  EXPECT_EQ(num(f, "failed_flows"), 2.0);
  EXPECT_DOUBLE_EQ(num(f, "data_ratio"), 4.0 / 6.0);
  EXPECT_EQ(num(f, "backscatter_ratio"), 0.0);
}

TEST_F(RichConversation, BytesAndTimes) {
  const ConversationFeatures f = features("10.0.0.5", "10.0.0.9", 3255);
  EXPECT_EQ(num(f, "orig_bytes"), 400.0);
  EXPECT_EQ(num(f, "resp_bytes"), 1600.0);
  EXPECT_DOUBLE_EQ(num(f, "upload_ratio"), 0.2);
  EXPECT_EQ(num(f, "max_flow_orig_bytes"), 100.0);
  EXPECT_NEAR(num(f, "mean_duration"), (4 * 0.5 + 0.001) / 6.0, 1e-9);
  EXPECT_DOUBLE_EQ(num(f, "max_duration"), 0.5);
  EXPECT_DOUBLE_EQ(num(f, "active_span"), 50.0);  // first start 0 s, last end 50 s
}

TEST_F(RichConversation, PeersAreInsideByDefault) {
  const ConversationFeatures f = features("10.0.0.5", "10.0.0.9", 3255);
  EXPECT_TRUE(flag(f, "client_internal"));
  EXPECT_TRUE(flag(f, "server_internal"));
  EXPECT_EQ(std::get<IpAddress>(value_of(f, "client_addr")), ip("10.0.0.5"));
  EXPECT_EQ(std::get<IpAddress>(value_of(f, "server_addr")), ip("10.0.0.9"));
  internal_ = InternalNetworks::from({test::network("10.0.0.8/29")});
  const ConversationFeatures site = features("10.0.0.5", "10.0.0.9", 3255);
  EXPECT_FALSE(flag(site, "client_internal"));
  EXPECT_TRUE(flag(site, "server_internal"));
}

TEST_F(RichConversation, PayloadAndTiming) {
  const ConversationFeatures f = features("10.0.0.5", "10.0.0.9", 3255);
  EXPECT_EQ(word(f, "protocol"), "http");
  EXPECT_EQ(word(f, "server_protocol"), "http");
  EXPECT_DOUBLE_EQ(num(f, "protocol_share"), 1.0);
  EXPECT_FALSE(flag(f, "protocol_mismatch"));
  EXPECT_FALSE(flag(f, "protocol_on_standard_port"));
  EXPECT_TRUE(flag(features("10.0.0.5", "10.0.0.9", 80), "protocol_on_standard_port"));
  EXPECT_NEAR(num(f, "payload_entropy"), shannon_entropy(http_request()), 1e-5);
  EXPECT_EQ(num(f, "high_entropy_ratio"), 0.0);
  EXPECT_NEAR(num(f, "beacon_score"), 1.0, 1e-9);
  EXPECT_NEAR(num(f, "beacon_interval"), 10.0, 1e-9);
}

TEST_F(RichConversation, ThePortAndTheServiceOtherUsers) {
  const ConversationFeatures f = features("10.0.0.5", "10.0.0.9", 3255);
  EXPECT_EQ(num(f, "port_clients"), 2.0);  // 10.0.0.5 and 10.0.0.6
  EXPECT_EQ(num(f, "port_servers"), 3.0);  // .9, .10, .11
  EXPECT_EQ(num(f, "port_flows"), 8.0);
  EXPECT_EQ(num(f, "service_clients"), 1.0);
  EXPECT_DOUBLE_EQ(num(f, "service_completed_ratio"), 4.0 / 6.0);
}

TEST_F(RichConversation, TheClientAcrossTheCapture) {
  const ConversationFeatures f = features("10.0.0.5", "10.0.0.9", 3255, 6, {true, "masscan"});
  EXPECT_EQ(num(f, "client_ports"), 2.0);  // 3255/tcp and 80/tcp
  EXPECT_EQ(num(f, "client_hosts"), 2.0);  // .9 and .11
  EXPECT_EQ(num(f, "client_flows"), 8.0);
  EXPECT_DOUBLE_EQ(num(f, "client_unanswered_ratio"), 2.0 / 8.0);
  EXPECT_TRUE(flag(f, "client_scanner"));
  EXPECT_EQ(word(f, "scan_tool"), "masscan");
  const ConversationFeatures quiet = features("10.0.0.6", "10.0.0.10", 3255);
  EXPECT_FALSE(flag(quiet, "client_scanner"));
  EXPECT_EQ(word(quiet, "scan_tool"), "none");
  EXPECT_EQ(num(quiet, "client_ports"), 1.0);
}

TEST_F(ConversationFeaturesTest, TheClientsProtocolUnlessOnlyTheServerNamesOne) {
  add(test::tcp_session("10.0.0.1", 40000, "10.0.0.9", 3511, 80, 30), kHttp, kSsh);      // HTTP to sshd
  add(test::tcp_session("10.0.0.2", 40000, "10.0.0.9", 3206, 12, 40), kUnknown, kPop3);  // a POP3 banner
  add(test::tcp_session("10.0.0.3", 40000, "10.0.0.9", 3772, 64, 32), kUnknown, kNone);
  add(test::tcp_session("10.0.0.4", 40000, "10.0.0.9", 2222, 0, 40), kNone, kSsh);  // banner, client silent
  add(test::tcp_unanswered("10.0.0.5", 40000, "10.0.0.9", 3233));
  const auto mismatch = features("10.0.0.1", "10.0.0.9", 3511);
  EXPECT_EQ(word(mismatch, "protocol"), "http");
  EXPECT_EQ(word(mismatch, "server_protocol"), "ssh");
  EXPECT_TRUE(flag(mismatch, "protocol_mismatch"));
  const auto banner = features("10.0.0.2", "10.0.0.9", 3206);
  EXPECT_EQ(word(banner, "protocol"), "pop3");
  EXPECT_FALSE(flag(banner, "protocol_mismatch"));  // "unknown" is not a protocol to mismatch
  EXPECT_EQ(word(features("10.0.0.3", "10.0.0.9", 3772), "protocol"), "unknown");
  EXPECT_EQ(word(features("10.0.0.4", "10.0.0.9", 2222), "protocol"), "ssh");
  const auto silent = features("10.0.0.5", "10.0.0.9", 3233);
  EXPECT_EQ(word(silent, "protocol"), "none");
  EXPECT_EQ(word(silent, "server_protocol"), "none");
  EXPECT_EQ(num(silent, "protocol_share"), 0.0);
  EXPECT_FALSE(flag(silent, "protocol_on_standard_port"));
}

TEST_F(ConversationFeaturesTest, ProtocolShareIsAmongDataFlows) {
  for (int i = 0; i < 3; ++i)
    add(test::tcp_session("10.0.0.1", static_cast<std::uint16_t>(40000 + i), "10.0.0.9", 8080, 10, 10), kHttp, kHttp);
  add(test::tcp_session("10.0.0.1", 40003, "10.0.0.9", 8080, 10, 10), kTls, kTls);
  add(test::tcp_unanswered("10.0.0.1", 40004, "10.0.0.9", 8080));
  const auto f = features("10.0.0.1", "10.0.0.9", 8080);
  EXPECT_EQ(word(f, "protocol"), "http");
  EXPECT_DOUBLE_EQ(num(f, "protocol_share"), 0.75);
}

TEST_F(ConversationFeaturesTest, RandomOneWayUpload) {
  auto up = test::tcp_session("10.20.1.26", 40000, "203.0.113.210", 3492, 1'300'000, 0);
  up.orig_payload(test::random_bytes(200));
  add(up, kUnknown, kNone);
  const auto f = features("10.20.1.26", "203.0.113.210", 3492);
  EXPECT_EQ(num(f, "upload_ratio"), 1.0);
  EXPECT_EQ(num(f, "high_entropy_ratio"), 1.0);
  EXPECT_GT(num(f, "payload_entropy"), 6.7);
  EXPECT_TRUE(flag(f, "client_internal"));
  EXPECT_FALSE(flag(f, "server_internal"));
}

TEST_F(ConversationFeaturesTest, WhatDoesNotApplyStaysUnset) {
  FlowBuilder q("10.0.0.1", 53000, "10.0.0.9", 3780, 17);
  q.history("D").state(ConnState::S0).bytes(0, 0).pkts(1, 0);
  add(q);
  add(q);
  const auto f = features("10.0.0.1", "10.0.0.9", 3780, 17);
  EXPECT_EQ(word(f, "transport"), "udp");
  EXPECT_TRUE(unset(f, "beacon_score"));  // fewer than 4 connections
  EXPECT_TRUE(unset(f, "beacon_interval"));
  EXPECT_TRUE(unset(f, "payload_entropy"));  // no payload
  EXPECT_EQ(num(f, "high_entropy_ratio"), 0.0);
  EXPECT_EQ(num(f, "upload_ratio"), 0.0);  // no bytes at all: not a one-way upload
}

TEST_F(ConversationFeaturesTest, IcmpHasNoStanding) {
  FlowBuilder ping("10.0.0.1", 8, "10.0.0.9", 0, 1);
  ping.state(ConnState::OTH).bytes(56, 56).pkts(1, 1);
  add(ping);
  const ConversationKey key = [&] {
    const Orientation o = orient(ping.flow(), ping.record());
    return ConversationKey{o.client, o.server, o.port, o.ip_proto};
  }();
  const auto f = features("10.0.0.1", "10.0.0.9", key.port, 1);
  EXPECT_EQ(word(f, "transport"), "icmp");
  EXPECT_EQ(word(f, "standing"), "none");
}

// Backscatter's receiver never asked anything: it is the conversation's client, but its
// "behaviour" (ports, hosts, unanswered share) must not grow from replies it got.
TEST_F(ConversationFeaturesTest, BackscatterIsNotTheReceiversBehaviour) {
  for (int i = 0; i < 3; ++i) {
    FlowBuilder rst("203.0.113.134", 3255, "10.20.2.139", static_cast<std::uint16_t>(40000 + i));
    rst.history("R").state(ConnState::OTH).pkts(1, 0).at(i);
    add(rst);
  }
  const auto f = features("10.20.2.139", "203.0.113.134", 3255);
  EXPECT_EQ(num(f, "flows"), 3.0);
  EXPECT_EQ(num(f, "backscatter_ratio"), 1.0);
  EXPECT_EQ(num(f, "unanswered_ratio"), 0.0);
  EXPECT_EQ(num(f, "answered_ratio"), 0.0);
  EXPECT_EQ(num(f, "port_clients"), 1.0);
  EXPECT_TRUE(unset(f, "client_ports"));
  EXPECT_TRUE(unset(f, "client_flows"));
  EXPECT_EQ(model_.client(ip("10.20.2.139")), nullptr);
}

TEST(DominantProtocol, SkipsNoneAndPrefersTheMostCommon) {
  ProtocolCounts counts;
  EXPECT_EQ(dominant_protocol(counts).index, 0);
  EXPECT_EQ(dominant_protocol(counts).share, 0.0);
  counts.add(0, 100);  // flows without payload say nothing about the protocol
  counts.add(kSsh, 1);
  counts.add(kHttp, 3);
  const DominantProtocol d = dominant_protocol(counts);
  EXPECT_EQ(d.index, kHttp);
  EXPECT_DOUBLE_EQ(d.share, 0.75);
  counts.add(kSsh, 2);  // a tie goes to the lower index, whatever the order of arrival
  EXPECT_EQ(dominant_protocol(counts).index, kHttp);
}

}  // namespace
}  // namespace gp

namespace gp {
namespace {

// Issue 21: a conversation's own behaviour (probe or session), capture artefacts, and the
// scan-then-session chain.
class ProbeOrSession : public ConversationFeaturesTest {
 protected:
  // A SYN answered by a SYN-ACK and reset by the scanner: a half-open probe of an open port.
  static FlowBuilder syn_probe(std::string_view client, std::string_view server, std::uint16_t port, double at) {
    FlowBuilder b(client, 61000, server, port);
    b.history("ShR").state(ConnState::RSTO).pkts(2, 1).at(at, 0.001);
    return b;
  }
};

TEST_F(ProbeOrSession, AnsweredProbeIsProbeLike) {
  add(syn_probe("198.51.100.7", "10.0.0.9", 2050, 0.0));
  const ConversationFeatures f = features("198.51.100.7", "10.0.0.9", 2050, 6, {true, "nmap"});
  EXPECT_TRUE(flag(f, "probe_like"));
  EXPECT_EQ(num(f, "sessions"), 0.0);
  EXPECT_EQ(num(f, "packets"), 3.0);
  EXPECT_FALSE(flag(f, "scan_then_session"));
  EXPECT_TRUE(flag(f, "capture_complete"));
}

TEST_F(ProbeOrSession, BannerGrabIsProbeLike) {
  FlowBuilder b("198.51.100.7", 61001, "10.0.0.9", 2050);
  b.history("ShAdFf").state(ConnState::SF).bytes(0, 40).pkts(4, 3).at(0.0, 2.0);
  add(b);
  EXPECT_TRUE(flag(features("198.51.100.7", "10.0.0.9", 2050), "probe_like"));
}

TEST_F(ProbeOrSession, ScanThenUploadOnTheOpenPortIsAChain) {
  add(syn_probe("198.51.100.7", "10.0.0.9", 2050, 0.0));
  add(syn_probe("198.51.100.7", "10.0.0.9", 2051, 0.1));
  auto upload = test::tcp_session("198.51.100.7", 61002, "10.0.0.9", 2050, 1'200'000, 0, 30.0);
  upload.pkts(900, 400);
  add(upload);
  const ConversationFeatures scanner = features("198.51.100.7", "10.0.0.9", 2050, 6, {true, "nmap"});
  EXPECT_FALSE(flag(scanner, "probe_like"));
  EXPECT_EQ(num(scanner, "sessions"), 1.0);
  EXPECT_TRUE(flag(scanner, "scan_then_session"));
  EXPECT_EQ(num(scanner, "client_open_ports"), 2.0);
  // The same traffic from a client scan detection did not name: no chain.
  EXPECT_FALSE(flag(features("198.51.100.7", "10.0.0.9", 2050, 6, {false, "none"}), "scan_then_session"));

  const auto chains =
      find_scan_chains(model_, [](const IpAddress& a) { return ClientScanInfo(a == ip("198.51.100.7"), "nmap"); });
  ASSERT_EQ(chains.size(), 1U);
  EXPECT_EQ(chains[0].port, 2050);
  EXPECT_EQ(chains[0].reason(),
            "scanned 2 ports on 10.0.0.9, then sent 1.2 MB and received 0 B on 2050/tcp, one of the 2 ports it "
            "found open");
  EXPECT_TRUE(find_scan_chains(model_, [](const IpAddress&) { return ClientScanInfo(); }).empty());
  // Scan detection's counts, when it gives them, are the chain's: one count per quantity.
  ClientScanInfo counted(true, "nmap");
  counted.scan_ports = 2200;
  counted.scan_hosts = 1;
  const auto with_counts = find_scan_chains(
      model_, [&](const IpAddress& a) { return a == ip("198.51.100.7") ? counted : ClientScanInfo(); });
  ASSERT_EQ(with_counts.size(), 1U);
  EXPECT_EQ(with_counts[0].scanned_ports, 2200U);
  const ConversationKey key{ip("198.51.100.7"), ip("10.0.0.9"), 2050, 6};
  ASSERT_TRUE(scan_chain_of(model_, key, counted).has_value());
  EXPECT_EQ(scan_chain_of(model_, key, counted)->scanned_ports, 2200U);
  EXPECT_FALSE(scan_chain_of(model_, key, ClientScanInfo()).has_value());
}

// A session first and a probe later is no chain: the session did not follow a scan of it.
TEST_F(ProbeOrSession, SessionBeforeTheProbeIsNoChain) {
  auto session = test::tcp_session("198.51.100.7", 61002, "10.0.0.9", 2050, 5000, 9000, 0.0);
  session.pkts(20, 20);
  add(session);
  add(syn_probe("198.51.100.7", "10.0.0.9", 2050, 60.0));
  EXPECT_FALSE(flag(features("198.51.100.7", "10.0.0.9", 2050, 6, {true, "nmap"}), "scan_then_session"));
}

// A full model forgets its quietest conversations (analyze judges them early, scan-report sets
// them aside): the probe that found the port open may leave before the session that follows it.
// EarlierScanChains keeps that probe, and the conversation is still one chain, its parts added.
TEST_F(ProbeOrSession, AChainWhoseProbeLeftTheModelIsStillOneChain) {
  const auto nmap = [](const IpAddress& a) { return ClientScanInfo(a == ip("198.51.100.7"), "nmap"); };
  const ConversationKey key{ip("198.51.100.7"), ip("10.0.0.9"), 2050, 6};
  EarlierScanChains earlier(8);
  const auto named_so_far = [](const IpAddress& a) { return a == ip("198.51.100.7"); };
  auto leave = [&](const ConversationKey& k) {
    earlier.note_leaving(model_, k, model_.conversations().at(k), named_so_far);
    model_.erase_conversation(k);
  };
  add(syn_probe("198.51.100.7", "10.0.0.9", 2050, 0.0));
  add(syn_probe("198.51.100.7", "10.0.0.9", 2051, 0.1));
  auto session = test::tcp_session("10.0.0.5", 40000, "10.0.0.9", 2050, 5000, 9000, 0.2);
  session.pkts(20, 20);
  add(session);                                          // no probe: not kept
  add(syn_probe("203.0.113.4", "10.0.0.9", 2050, 0.3));  // a probe from a client not named a scanner (yet)
  leave(key);
  leave(ConversationKey{ip("10.0.0.5"), ip("10.0.0.9"), 2050, 6});
  leave(ConversationKey{ip("203.0.113.4"), ip("10.0.0.9"), 2050, 6});
  EXPECT_EQ(earlier.parts().size(), 1U);
  auto upload = test::tcp_session("198.51.100.7", 61002, "10.0.0.9", 2050, 1'200'000, 0, 30.0);
  upload.pkts(900, 400);
  add(upload);
  EXPECT_TRUE(find_scan_chains(model_, nmap).empty()) << "the session alone is no chain";
  const auto chains = find_scan_chains(model_, nmap, &earlier);
  ASSERT_EQ(chains.size(), 1U);
  EXPECT_EQ(chains[0].port, 2050);
  EXPECT_EQ(chains[0].sessions, 1U);
  EXPECT_EQ(chains[0].client_bytes, 1'200'000U);
  EXPECT_LT(chains[0].first_probe_answered, chains[0].first_session);
  EXPECT_EQ(earlier.answered_probe(key), chains[0].first_probe_answered);
  EXPECT_FALSE(earlier.answered_probe(ConversationKey{ip("10.0.0.5"), ip("10.0.0.9"), 2050, 6}).has_value());
  // The session left too (a second early batch): its part joins the probe's.
  leave(key);
  const auto both_left = find_scan_chains(model_, nmap, &earlier);
  ASSERT_EQ(both_left.size(), 1U);
  EXPECT_EQ(both_left[0].client_bytes, chains[0].client_bytes);
  EXPECT_EQ(both_left[0].first_session, chains[0].first_session);
  // A client scan detection did not name has no chain, however its history reads.
  EXPECT_TRUE(find_scan_chains(
                  model_, [](const IpAddress&) { return ClientScanInfo(); }, &earlier)
                  .empty());
}

TEST_F(ProbeOrSession, EarlierChainsPastTheirCapacityAreCounted) {
  EarlierScanChains earlier(1);
  for (const std::uint16_t port : {std::uint16_t{2050}, std::uint16_t{2051}, std::uint16_t{2052}}) {
    add(syn_probe("198.51.100.7", "10.0.0.9", port, 0.0));
    const ConversationKey key{ip("198.51.100.7"), ip("10.0.0.9"), port, 6};
    earlier.note_leaving(model_, key, model_.conversations().at(key), [](const IpAddress&) { return true; });
  }
  EXPECT_EQ(earlier.parts().size(), 1U);
  EXPECT_EQ(earlier.left_out(), 2U);
}

// The same short request/response used again and again over minutes is a service in use.
TEST_F(ProbeOrSession, RepeatedShortExchangesOverMinutesAreNoProbe) {
  for (int i = 0; i < 4; ++i) {
    add(test::tcp_session("10.0.0.5", static_cast<std::uint16_t>(40000 + i), "10.0.0.9", 3255, 30, 60, 30.0 * i));
  }
  EXPECT_FALSE(flag(features("10.0.0.5", "10.0.0.9", 3255), "probe_like"));
}

TEST_F(ProbeOrSession, MidConnectionStartIsNoCompleteCapture) {
  FlowBuilder b("10.0.0.5", 40000, "10.0.0.9", 3255);
  b.history("DdA").state(ConnState::OTH).bytes(10, 20).pkts(2, 2);
  add(b);
  const ConversationFeatures f = features("10.0.0.5", "10.0.0.9", 3255);
  EXPECT_EQ(num(f, "midstream_ratio"), 1.0);
  EXPECT_EQ(num(f, "one_sided_ratio"), 0.0);
  EXPECT_FALSE(flag(f, "capture_complete"));
}

TEST_F(ProbeOrSession, OneDirectionOnlyIsOneSided) {
  FlowBuilder b("10.0.0.5", 40000, "10.0.0.9", 3255);
  b.history("ShAD").state(ConnState::OTH).bytes(900, 0).pkts(6, 0);
  add(b);
  const ConversationFeatures f = features("10.0.0.5", "10.0.0.9", 3255);
  EXPECT_EQ(num(f, "one_sided_ratio"), 1.0);
  EXPECT_EQ(num(f, "midstream_ratio"), 0.0);
  EXPECT_FALSE(flag(f, "capture_complete"));
  // A SYN nobody answered is no one-sided capture: nothing shows the other side exists.
  add(test::tcp_unanswered("10.0.0.5", 40001, "10.0.0.9", 3256));
  EXPECT_TRUE(flag(features("10.0.0.5", "10.0.0.9", 3256), "capture_complete"));
}

TEST_F(ProbeOrSession, BackscatterHostsCountsTheReceiversOfUnsolicitedReplies) {
  for (const char* victim : {"10.0.0.1", "10.0.0.2", "10.0.0.3"}) {
    FlowBuilder b("203.0.113.134", 3511, victim, 40003);
    b.history("H").state(ConnState::OTH).pkts(1, 0);
    add(b);
  }
  const ConversationFeatures f = features("10.0.0.1", "203.0.113.134", 3511);
  EXPECT_EQ(num(f, "backscatter_ratio"), 1.0);
  EXPECT_EQ(num(f, "backscatter_hosts"), 3.0);
}

}  // namespace
}  // namespace gp
