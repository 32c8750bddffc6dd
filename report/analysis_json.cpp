// analyze's JSON document and JSON Lines: ports, conversations with their evidence, scans
// and scan chains, for tools (docs/analyze.md has the schema).
#include <cmath>
#include <nlohmann/json.hpp>

#include "classify/features/scan_chain_json.hpp"
#include "classify/scan/scan_episode_json.hpp"
#include "common/ip_protocol.hpp"
#include "report/analysis_render.hpp"
#include "report/analysis_selection.hpp"
#include "report/conversation_lines.hpp"

namespace gp::report {
namespace {

using rules::to_string;

// JSON strings must be UTF-8; bytes that are not (a Latin-1 services file, payload-derived
// text) become U+FFFD instead of making the writer throw.
std::string dump(const nlohmann::ordered_json& j, int indent = -1) {
  return j.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

nlohmann::ordered_json evidence_json(const Verdict& v) {
  nlohmann::ordered_json rules = nlohmann::ordered_json::array();
  for (const RuleEvidence& e : v.evidence) {
    rules.push_back({{"rule", e.rule_id},
                     {"label", e.label_name()},
                     {"weight", e.weight},
                     {"against", e.against},
                     {"reason", e.reason}});
  }
  return rules;
}

// null, or which registered protocol most of the port's payload-carrying conversations speak.
nlohmann::ordered_json registered_in_use_json(const PortResult& p) {
  if (p.registered_in_use.empty()) return nullptr;
  return {{"protocol", p.registered_in_use},
          {"conversations", p.registered_conversations},
          {"of", p.payload_conversations}};
}

nlohmann::ordered_json port_json(const PortResult& p) {
  nlohmann::ordered_json breakdown = nlohmann::ordered_json::object();
  for (const LabelCount& l : p.breakdown) breakdown[std::string(to_string(l.label))] = l.conversations;
  const auto address = [&p](const IpAddress& a) {
    return p.has_top ? nlohmann::ordered_json(a.to_string()) : nlohmann::ordered_json(nullptr);
  };
  return {{"port", p.port},
          {"transport", p.transport},
          {"service", p.service},
          {"standing", p.standing},
          {"flows", p.flows},
          {"clients", p.clients},
          {"servers", p.servers},
          {"clients_exact", p.clients_exact},
          {"servers_exact", p.servers_exact},
          {"bytes", p.bytes},
          {"label", to_string(p.label)},
          {"confidence", std::round(p.confidence * 1000.0) / 1000.0},
          {"protocol", p.protocol.empty() ? std::string("none") : p.protocol},
          {"top_client", address(p.top_client)},
          {"top_server", address(p.top_server)},
          {"reason", p.top_reason},
          {"conversations_by_label", breakdown},
          {"open_at_end", p.open_at_end},
          {"registered_service_in_use", registered_in_use_json(p)}};
}

nlohmann::ordered_json conversation_json(const ConversationResult& c) {
  return {
      {"client", c.client.to_string()},
      {"server", c.server.to_string()},
      {"port", c.port},
      {"transport", transport_name(c.ip_proto)},
      {"flows", c.flows},
      {"client_bytes", c.client_bytes},
      {"server_bytes", c.server_bytes},
      {"first_start", static_cast<double>(c.first_start) / 1e9},
      {"last_end", static_cast<double>(c.last_end) / 1e9},
      {"open_at_end", c.open_at_end},
      {"protocol", c.protocol},
      {"registered_protocol", c.registered_protocol},
      {"expected_by", c.expected_by.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(c.expected_by)},
      {"label", to_string(c.verdict.label)},
      {"confidence", std::round(c.verdict.confidence * 1000.0) / 1000.0},
      {"benign_research", c.verdict.benign_research},
      {"rules", evidence_json(c.verdict)}};
}

}  // namespace

std::string conversation_json_line(const ConversationResult& c) { return dump(conversation_json(c)) + "\n"; }

std::string conversation_json_element(const ConversationResult& c) {
  // An element of the document's top-level "conversations" array sits two levels deep: the
  // same text as dump(2) of the whole document gives it, line by line four spaces in.
  const std::string text = dump(conversation_json(c), 2);
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  out += "    ";
  for (char ch : text) {
    out += ch;
    if (ch == '\n') out += "    ";
  }
  return out;
}

std::string render_json(const AnalysisResult& r, const RenderOptions& o) {
  nlohmann::ordered_json doc;
  doc["ports"] = nlohmann::ordered_json::array();
  for (const PortResult* p : selected_ports(r, o)) doc["ports"].push_back(port_json(*p));
  // Every conversation only when asked for: on a busy link they outnumber the ports by far
  // and a document holding them all grows with the capture (issue 24).
  if (o.conversations) {
    doc["conversations"] = nlohmann::ordered_json::array();
    for (const ConversationResult* c : selected_conversations(r, o))
      doc["conversations"].push_back(conversation_json(*c));
  }
  doc["scans"] = nlohmann::ordered_json::array();
  for (const scan::ScanEpisode& e : r.scans)
    doc["scans"].push_back(scan::scan_episode_json(e, scan::TimeFormat::epoch));
  doc["scan_chains"] = nlohmann::ordered_json::array();
  const auto epoch_seconds = [](TimeNs t) { return nlohmann::ordered_json(static_cast<double>(t) / 1e9); };
  for (const ScanChain& c : r.scan_chains) doc["scan_chains"].push_back(scan_chain_json(c, epoch_seconds));
  return dump(doc, 2) + "\n";
}

std::string render_jsonl(const AnalysisResult& r, const RenderOptions& o) {
  std::string out;
  if (o.conversations) {
    for (const ConversationResult* c : selected_conversations(r, o)) out += conversation_json_line(*c);
  } else {
    for (const PortResult* p : selected_ports(r, o)) out += dump(port_json(*p)) + "\n";
  }
  return out;
}

}  // namespace gp::report
