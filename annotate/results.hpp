// What `analyze` concludes: a verdict per conversation (client -> service) and, aggregated
// from those, per destination port. Plain data, owned; the writers render it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "common/ip_address.hpp"
#include "common/time.hpp"
#include "classify/features/scan_chain.hpp"
#include "classify/scan/scan_episode.hpp"
#include "rules/label.hpp"

namespace gp {

// One rule that fired, with its reason rendered from the feature values.
struct RuleEvidence {
  std::string rule_id;
  std::optional<rules::Label> label;  // unset: the rule only counts against labels
  double weight = 0.0;
  bool against = false;  // counted against `label` rather than for it
  std::string reason;

  // The label as the outputs write it ("-" for a rule that only counts against).
  std::string_view label_name() const { return label ? rules::to_string(*label) : "-"; }
  bool supports(rules::Label l) const { return !against && label == l; }
};

struct Verdict {
  rules::Label label = rules::Label::unknown;
  double confidence = 0.0;  // 0..1
  std::vector<RuleEvidence> evidence;
  bool benign_research = false;  // scanner_noise from a listed scanner (known_scanners.hpp)
};

struct ConversationResult {
  IpAddress client;
  IpAddress server;
  std::uint16_t port = 0;
  std::uint8_t ip_proto = 0;
  std::uint64_t flows = 0;
  std::uint64_t client_bytes = 0;
  std::uint64_t server_bytes = 0;
  TimeNs first_start = 0;
  TimeNs last_end = 0;
  std::uint64_t open_at_end = 0;     // flows still open when the capture ended (long-lived)
  std::string protocol;              // dominant identified protocol
  bool registered_protocol = false;  // that protocol is what the port is registered for
  // The control connection that announced this one (FTP PASV/PORT), "client -> server:port";
  // empty when none did. Its verdict is then the control connection's.
  std::string expected_by;
  Verdict verdict;
  // Feature name -> rendered value (with unit), for --explain.
  std::vector<std::pair<std::string, std::string>> features;
};

// The order conversations are judged and listed in: transport, port, server, client.
inline bool in_key_order(const ConversationResult& a, const ConversationResult& b) {
  return std::tie(a.ip_proto, a.port, a.server, a.client) < std::tie(b.ip_proto, b.port, b.server, b.client);
}

struct LabelCount {
  rules::Label label = rules::Label::unknown;
  std::uint64_t conversations = 0;
};

struct PortResult {
  std::uint16_t port = 0;
  std::uint8_t ip_proto = 0;
  std::string transport;
  std::string service;   // registered name, or "-"
  std::string standing;  // registry standing
  std::uint64_t flows = 0;
  std::uint64_t clients = 0;
  std::uint64_t servers = 0;
  bool clients_exact = true;  // false: an estimate (past 64 distinct values, about ±5 %)
  bool servers_exact = true;
  std::uint64_t bytes = 0;
  std::uint64_t open_at_end = 0;               // flows still open when the capture ended
  rules::Label label = rules::Label::unknown;  // see port_label(): scanner_noise only when nothing else was seen
  double confidence = 0.0;
  std::string top_reason;  // for "unknown": what was observed (no rule decided)
  // Who the port's label is about: the client and the server with the most flows among the
  // conversations that carry the port's label (clients - 1 and servers - 1 more exist).
  IpAddress top_client;
  IpAddress top_server;
  bool has_top = false;
  std::string protocol;  // the protocol identified on most of the port's flows ("none": no payload)
  // "Registered service in use": most conversations that showed a payload speak the port's
  // registered protocol (MQTT on 1883), news on a port nmap calls orphaned. Empty: not so.
  std::string registered_in_use;               // that protocol
  std::uint64_t registered_conversations = 0;  // conversations speaking it
  std::uint64_t payload_conversations = 0;     // conversations with an identified payload
  std::vector<LabelCount> breakdown;           // conversations per label, most first
  std::uint64_t conversation_count = 0;        // conversations judged on the port
  TimeNs first_start = 0;                      // the earliest of their first flows
  // Every conversation is scan noise from a source with a scan episode (for backscatter, the
  // emitter is the conversation's server): the table lets the scan's row speak for the port.
  bool scan_only = false;
  // Indices into AnalysisResult::conversations; empty when the analysis kept no conversation.
  std::vector<std::size_t> conversations;
};

struct AnalysisResult {
  // Every conversation's result, in key order (transport, port, server, client) — only when
  // the analysis was asked to keep them (AnalyzerOptions::keep_conversations); the ports are
  // complete either way.
  std::vector<ConversationResult> conversations;
  std::vector<PortResult> ports;  // orphaned/unofficial/unassigned first, then by flows (renderers re-sort: --sort)
  // Flows left out because the traffic model was full (--max-conversations): their
  // conversations have no verdict. Reported, never silent.
  std::uint64_t unmodelled_flows = 0;
  std::size_t max_conversations = 0;
  // Conversations judged without their client's or service's statistics (those tables of
  // the model were full); each says so in its evidence (rule "model_table_full").
  std::uint64_t judged_without_statistics = 0;
  std::size_t max_clients = 0;
  // Conversations judged before the end of the input because the traffic model was full (the
  // quietest, on what was known then); each says so in its evidence (rule "judged_before_end").
  std::uint64_t judged_before_end = 0;
  // Of those, the ones past the first --max-conversations: their ports' top hosts come from the
  // others, and such a port is never folded into the scan rows (that needs every conversation).
  std::uint64_t judged_before_end_untracked = 0;
  // Scan episodes (classify/scan/scan_episode.hpp): one record per scan, in the order they
  // were announced.
  std::vector<scan::ScanEpisode> scans;
  // Scans followed by sessions (classify/features/scan_chain.hpp), by the session's start.
  std::vector<ScanChain> scan_chains;
  // Chains of conversations judged before the end that found no room to wait for the end
  // (EarlierScanChains, at most --max-conversations): missing from scan_chains, and counted.
  std::uint64_t scan_chains_left_out = 0;
};

// True for the standings the default view puts first.
bool is_orphan_like(std::string_view standing);

}  // namespace gp
