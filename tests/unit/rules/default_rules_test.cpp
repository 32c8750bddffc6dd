// One case per shipped default rule where it fires and one, differing in the evidence the
// rule is about, where it does not. A rule added to rules/default without its cases here
// fails ShippedRulesAllHaveCases, so every rule's intent stays written down and checked.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <string>

#include "rules/evaluate.hpp"
#include "rules/rule_loader.hpp"
#include "rules/scoring.hpp"
#include "rules_test_support.hpp"

namespace gp::rules {
namespace {

using testing::Values;

// An ordinary finished conversation between two internal hosts on an unassigned port.
Values session() {
  Values v;
  v.set("port", 40123).set("transport", "tcp").set("standing", "unassigned").set("system_port", false);
  v.set("flows", 4).set("completed_ratio", 1.0).set("answered_ratio", 1.0).set("rejected_ratio", 0.0);
  v.set("unanswered_ratio", 0.0).set("backscatter_ratio", 0.0).set("data_ratio", 1.0);
  v.set("orig_bytes", 2400).set("resp_bytes", 9100).set("upload_ratio", 0.21);
  v.set("client_internal", true).set("server_internal", true);
  v.set("protocol", "unknown").set("server_protocol", "unknown").set("protocol_on_standard_port", false);
  v.set("protocol_mismatch", false).set("high_entropy_ratio", 0.0).set("registered_protocol", false);
  v.set("client_ports", 1).set("client_hosts", 1).set("client_unanswered_ratio", 0.0);
  v.set("service_clients", 1).set("service_completed_ratio", 1.0);
  v.set("client_scanner", false).set("scan_tool", "none");
  v.set("packets", 60).set("sessions", 4).set("probe_like", false).set("midstream_ratio", 0.0);
  v.set("one_sided_ratio", 0.0).set("capture_complete", true).set("backscatter_hosts", 0);
  v.set("scan_then_session", false).set("client_open_ports", 1);
  return v;
}

// The same conversation speaking the port's registered protocol (MQTT on a quiet 1883).
Values in_use(Values v) {
  return v.set("port", 1883)
      .set("standing", "orphaned")
      .set("protocol", "mqtt")
      .set("server_protocol", "mqtt")
      .set("protocol_on_standard_port", true)
      .set("registered_protocol", true);
}

// A failed probe from a scanning source.
Values probe() {
  Values v = session();
  v.set("flows", 1).set("completed_ratio", 0.0).set("answered_ratio", 1.0).set("rejected_ratio", 1.0);
  v.set("orig_bytes", 0).set("resp_bytes", 0).set("protocol", "none").set("server_protocol", "none");
  v.set("client_internal", false).set("client_ports", 1000).set("client_hosts", 1);
  v.set("client_unanswered_ratio", 0.9).set("client_scanner", true).set("scan_tool", "nmap");
  v.set("packets", 2).set("sessions", 0).set("probe_like", true).set("service_completed_ratio", 0.0);
  return v;
}

struct Case {
  std::function<Values()> fires;
  std::function<Values()> quiet;
};

const std::map<std::string, Case>& cases() {
  static const std::map<std::string, Case> table = {
      {"scanner_detected_source", {probe, [] { return probe().set("client_scanner", false); }}},
      {"scanner_detected_source/own_session",  // a scanner's real session is judged on its data
       {probe, [] { return probe().set("probe_like", false).set("sessions", 1); }}},
      {"scanner_tool_fingerprint/own_session",
       {probe, [] { return probe().set("probe_like", false).set("sessions", 1); }}},
      {"scanner_listed_research_network/own_session",
       {[] { return probe().set("client_research_scanner", true); },
        [] { return session().set("client_research_scanner", true).set("known_scanner", "Censys"); }}},
      {"scanner_many_ports_one_source/own_session", {probe, [] { return probe().set("probe_like", false); }}},
      {"scanner_backscatter/one_host",  // one unsolicited reply: a SYN the capture missed
       {[] { return probe().set("backscatter_ratio", 1.0).set("backscatter_hosts", 5); },
        [] { return probe().set("backscatter_ratio", 1.0).set("backscatter_hosts", 1); }}},
      {"suspicious_scan_then_session",
       {[] { return session().set("client_scanner", true).set("scan_then_session", true); },
        [] { return session().set("client_scanner", true); }}},
      {"suspicious_cleartext_shell",
       {[] { return session().set("protocol", "shell").set("server_protocol", "shell"); },
        [] { return session().set("protocol", "shell").set("server_protocol", "unknown"); }}},
      {"capture_began_midstream",
       {[] { return session().set("midstream_ratio", 1.0).set("capture_complete", false); }, session}},
      {"capture_one_sided",
       {[] { return session().set("one_sided_ratio", 1.0).set("capture_complete", false); }, session}},
      {"evidence_single_packet", {[] { return probe().set("packets", 1); }, probe}},
      {"misconfig_refused_retries/service_up",  // the server accepted others: busy, not the wrong address
       {[] { return probe().set("flows", 6).set("client_scanner", false); },
        [] { return probe().set("flows", 6).set("client_scanner", false).set("service_completed_ratio", 0.9); }}},
      {"misconfig_refused_twice/service_up",
       {[] { return probe().set("flows", 2).set("client_scanner", false).set("client_ports", 2); },
        [] {
          return probe()
              .set("flows", 2)
              .set("client_scanner", false)
              .set("client_ports", 2)
              .set("service_completed_ratio", 0.9);
        }}},
      {"misconfig_refused_retries/pool_member_down",  // the client's one port worked on another server
       {[] {
          return probe()
              .set("flows", 6)
              .set("client_scanner", false)
              .set("client_ports", 1)
              .set("client_open_ports", 0);
        },
        [] {
          return probe()
              .set("flows", 6)
              .set("client_scanner", false)
              .set("client_ports", 1)
              .set("client_open_ports", 1);
        }}},
      {"misconfig_refused_twice/pool_member_down",
       {[] {
          return probe()
              .set("flows", 2)
              .set("client_scanner", false)
              .set("client_ports", 1)
              .set("client_open_ports", 0);
        },
        [] {
          return probe()
              .set("flows", 2)
              .set("client_scanner", false)
              .set("client_ports", 1)
              .set("client_open_ports", 1);
        }}},
      {"misconfig_refused_twice/single_refusal",  // one refused SYN is no evidence of anything
       {[] { return probe().set("flows", 2).set("client_scanner", false).set("client_ports", 2); },
        [] { return probe().set("flows", 1).set("client_scanner", false).set("client_ports", 2); }}},
      {"misconfig_unanswered_retries/one_way_udp",  // tunnel encapsulation expects no answer
       {[] {
          return probe()
              .set("flows", 5)
              .set("client_scanner", false)
              .set("rejected_ratio", 0.0)
              .set("unanswered_ratio", 1.0)
              .set("transport", "udp")
              .set("protocol", "dns");
        },
        [] {
          return probe()
              .set("flows", 5)
              .set("client_scanner", false)
              .set("rejected_ratio", 0.0)
              .set("unanswered_ratio", 1.0)
              .set("transport", "udp")
              .set("protocol", "unknown");
        }}},
      {"misconfig_known_protocol_unanswered/midstream",  // the server's answer may predate the capture
       {[] { return session().set("protocol", "http").set("resp_bytes", 0); },
        [] { return session().set("protocol", "http").set("resp_bytes", 0).set("capture_complete", false); }}},
      {"suspicious_tunnel_protocol_odd_port/unrecognised_answer",  // an RDP probe answered by Modbus
       {[] { return session().set("protocol", "rdp").set("server_protocol", "rdp").set("client_internal", false); },
        [] {
          return session().set("protocol", "rdp").set("server_protocol", "unknown").set("client_internal", false);
        }}},
      {"scanner_tool_fingerprint", {probe, [] { return probe().set("scan_tool", "unknown"); }}},
      {"scanner_listed_research_network",
       {[] { return probe().set("client_research_scanner", true).set("known_scanner", "Censys"); },
        [] { return probe().set("client_research_scanner", false); }}},
      {"scanner_many_ports_one_source", {probe, [] { return probe().set("client_ports", 3); }}},
      {"scanner_many_hosts_one_source",
       {[] { return probe().set("client_ports", 1).set("client_hosts", 254); },
        [] { return probe().set("client_ports", 1).set("client_hosts", 254).set("completed_ratio", 1.0); }}},
      {"scanner_backscatter",
       {[] { return probe().set("backscatter_ratio", 1.0).set("backscatter_hosts", 5); },
        [] { return probe().set("backscatter_ratio", 0.1).set("backscatter_hosts", 5); }}},
      {"misconfig_refused_retries",
       {[] { return probe().set("flows", 6).set("client_scanner", false); },
        [] { return probe().set("flows", 6); }}},  // the same refusals from a scanner
      {"misconfig_unanswered_retries",
       {[] {
          return probe()
              .set("flows", 5)
              .set("client_scanner", false)
              .set("rejected_ratio", 0.0)
              .set("unanswered_ratio", 1.0);
        },
        [] {
          return probe()
              .set("flows", 5)
              .set("client_scanner", false)
              .set("rejected_ratio", 0.0)
              .set("unanswered_ratio", 1.0)
              .set("server_internal", false);
        }}},
      {"misconfig_refused_twice",
       {[] { return probe().set("flows", 2).set("client_scanner", false).set("client_ports", 2); },
        [] {
          return probe().set("flows", 2).set("client_scanner", false).set("client_ports", 2).set("rejected_ratio", 0.0);
        }}},
      {"misconfig_protocol_mismatch",
       {[] { return session().set("protocol", "http").set("server_protocol", "ssh").set("protocol_mismatch", true); },
        [] { return session().set("protocol", "http").set("server_protocol", "http"); }}},
      {"misconfig_known_protocol_unanswered",
       {[] { return session().set("protocol", "http").set("resp_bytes", 0); },
        [] { return session().set("protocol", "http"); }}},  // answered: an HTTP service lives there
      {"custom_app_internal_sessions", {session, [] { return session().set("server_internal", false); }}},
      {"custom_app_internal_sessions/one_long_session",  // the same rule: one persistent channel
       {[] { return session().set("flows", 1).set("max_duration", 3600.0); },
        [] { return session().set("flows", 1).set("max_duration", 2.0); }}},
      {"custom_app_shared_service", {[] { return session().set("service_clients", 3); }, session}},
      {"custom_app_not_on_active_port", {[] { return session().set("standing", "active_service"); }, session}},
      {"suspicious_external_session_odd_port",
       {[] { return session().set("server_internal", false); },
        [] { return session().set("server_internal", false).set("standing", "active_service"); }}},
      {"suspicious_inbound_accepted",
       {[] { return session().set("client_internal", false); },
        [] { return session().set("client_internal", false).set("completed_ratio", 0.0); }}},
      {"suspicious_beacon_across_perimeter",
       {[] {
          return session()
              .set("server_internal", false)
              .set("flows", 20)
              .set("beacon_score", 0.93)
              .set("beacon_interval", 30.0);
        },
        [] {
          return session()
              .set("server_internal", false)
              .set("flows", 20)
              .set("beacon_score", 0.3)
              .set("beacon_interval", 30.0);
        }}},
      {"suspicious_random_upload",
       {[] {
          return session()
              .set("orig_bytes", 1500000)
              .set("resp_bytes", 0)
              .set("upload_ratio", 1.0)
              .set("high_entropy_ratio", 1.0);
        },
        [] {  // the same upload, of text
          return session().set("orig_bytes", 1500000).set("resp_bytes", 0).set("upload_ratio", 1.0);
        }}},
      // Issue 22: the registered protocol seen in use (MQTT on an orphaned 1883) is never
      // custom or suspicious for the port's standing.
      {"registered_service_in_use", {[] { return in_use(session()); }, session}},
      {"registered_service_in_use/active_port",  // no news on a port everyone knows is in use
       {[] { return in_use(session()); }, [] { return in_use(session()).set("standing", "active_service"); }}},
      {"custom_app_internal_sessions/registered_protocol", {session, [] { return in_use(session()); }}},
      {"custom_app_shared_service/registered_protocol",
       {[] { return session().set("service_clients", 3); },
        [] { return in_use(session().set("service_clients", 3)); }}},
      {"suspicious_external_session_odd_port/registered_protocol",
       {[] { return session().set("server_internal", false); },
        [] { return in_use(session().set("server_internal", false)); }}},
      {"suspicious_inbound_accepted/registered_protocol",
       {[] { return session().set("client_internal", false); },
        [] { return in_use(session().set("client_internal", false)); }}},
      {"suspicious_tunnel_protocol_odd_port",
       {[] { return session().set("protocol", "dns").set("server_protocol", "dns").set("client_internal", false); },
        [] {
          return session()
              .set("protocol", "dns")
              .set("server_protocol", "dns")
              .set("client_internal", false)
              .set("protocol_on_standard_port", true);
        }}},
      {"suspicious_tunnel_protocol_odd_port/outbound_ssh",  // an admin's ssh to a server on another port
       {[] { return session().set("protocol", "ssh").set("server_protocol", "ssh").set("client_internal", false); },
        [] { return session().set("protocol", "ssh").set("server_protocol", "ssh").set("server_internal", false); }}},
      {"suspicious_tunnel_protocol_odd_port/outbound_dns",  // DNS out to an odd port still is a tunnel's shape
       {[] { return session().set("protocol", "dns").set("server_protocol", "dns").set("server_internal", false); },
        [] { return session().set("protocol", "dns").set("server_protocol", "dns"); }}},
      {"suspicious_tunnel_protocol_odd_port/inside",  // SSH on another port inside the site: ordinary admin
       {[] { return session().set("protocol", "ssh").set("server_protocol", "ssh").set("client_internal", false); },
        [] { return session().set("protocol", "ssh").set("server_protocol", "ssh"); }}},
      {"suspicious_external_session_odd_port/one_brief_outbound",  // an inside client's one visit to a cloud port
       {[] { return session().set("server_internal", false).set("flows", 3); },
        [] { return session().set("server_internal", false).set("flows", 1).set("max_duration", 2.0); }}},
      {"suspicious_external_session_odd_port/version_probes",  // answered probes hold no session
       {[] { return session().set("server_internal", false); },
        [] { return session().set("server_internal", false).set("sessions", 0); }}},
  };
  return table;
}

// A case id is a rule id, or "rule_id/variant" for a further case of the same rule.
std::string rule_of(const std::string& case_id) { return case_id.substr(0, case_id.find('/')); }

RuleSet shipped() {
  Diagnostics diags;
  RuleSet set = load_rules({std::string(GP_SOURCE_DIR) + "/rules/default"}, diags);
  EXPECT_EQ(diags.error_count(), 0U);
  return set;
}

TEST(DefaultRules, ShippedRulesAllHaveCases) {
  const RuleSet set = shipped();
  std::set<std::string> ids;
  for (const auto& e : set.entries()) {
    ids.insert(e.rule.id);
    EXPECT_TRUE(cases().contains(e.rule.id))
        << "rules/default rule '" << e.rule.id << "' has no fire/no-fire case in default_rules_test.cpp";
  }
  for (const auto& [id, c] : cases()) {
    EXPECT_TRUE(ids.contains(rule_of(id))) << "case for a rule no longer shipped: " << id;
  }
}

TEST(DefaultRules, RegisteredProtocolOnAnOrphanedPortIsNeitherCustomNorSuspicious) {
  const RuleSet set = shipped();
  // Inside the site, across the perimeter either way: without the registered protocol each is
  // custom_application or suspicious, with it neither.
  for (const auto& [client_in, server_in] : {std::pair{true, true}, std::pair{true, false}, std::pair{false, true}}) {
    Values odd =
        session().set("standing", "orphaned").set("client_internal", client_in).set("server_internal", server_in);
    const Verdict before = score(set, FeatureScope::group, odd);
    EXPECT_TRUE(before.label == Label::custom_application || before.label == Label::suspicious)
        << to_string(before.label);
    const Verdict after = score(set, FeatureScope::group, in_use(odd));
    EXPECT_NE(after.label, Label::custom_application) << client_in << server_in;
    EXPECT_NE(after.label, Label::suspicious) << client_in << server_in;
  }
}

class DefaultRule : public ::testing::TestWithParam<std::string> {};

TEST_P(DefaultRule, FiresOnItsEvidenceAndNotWithout) {
  const RuleSet set = shipped();
  const RuleEntry* entry = set.find(rule_of(GetParam()));
  ASSERT_NE(entry, nullptr);
  const Case& c = cases().at(GetParam());
  EXPECT_TRUE(evaluate(entry->rule.when, c.fires())) << describe(entry->rule.when);
  EXPECT_FALSE(evaluate(entry->rule.when, c.quiet())) << describe(entry->rule.when);
}

std::vector<std::string> case_ids() {
  std::vector<std::string> ids;
  for (const auto& [id, c] : cases()) ids.push_back(id);
  return ids;
}

INSTANTIATE_TEST_SUITE_P(Shipped, DefaultRule, ::testing::ValuesIn(case_ids()), [](const auto& param_info) {
  std::string name = param_info.param;
  std::replace(name.begin(), name.end(), '/', '_');
  return name;
});

}  // namespace
}  // namespace gp::rules
