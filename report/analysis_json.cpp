// analyze's JSON document and JSON Lines: ports, conversations with their evidence, scans
// and scan chains, for tools (docs/analyze.md has the schema).
#include <cmath>
#include <fmt/format.h>
#include <string_view>
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

namespace {

// `value` as an element of one of the document's top-level arrays, two levels deep: the text
// dump(2) of the whole document gives it, line by line four spaces in.
void append_element(std::string& out, const nlohmann::ordered_json& value) {
  const std::string text = dump(value, 2);
  out += "    ";
  for (char ch : text) {
    out += ch;
    if (ch == '\n') out += "    ";
  }
}

// One top-level member holding an array, as dump(2) prints it (`[]` when empty). The document
// is written member by member so that only one element at a time is a JSON value in memory:
// a DOM of every port of a busy link cost more than the ports themselves.
template <typename Range, typename ToJson>
void append_array(std::string& out, std::string_view name, const Range& items, const ToJson& to_json, bool last) {
  out += fmt::format("  \"{}\": [", name);
  bool first = true;
  for (const auto& item : items) {
    out += first ? JsonArrayLayout::before_first : JsonArrayLayout::between;
    append_element(out, to_json(item));
    first = false;
  }
  if (!first) out += JsonArrayLayout::after_last;
  out += "]";
  out += last ? "\n" : ",\n";
}

}  // namespace

std::string conversation_json_element(const ConversationResult& c) {
  std::string out;
  append_element(out, conversation_json(c));
  return out;
}

std::string render_json(const AnalysisResult& r, const RenderOptions& o) {
  std::string out = "{\n";
  append_array(
      out, "ports", selected_ports(r, o), [](const PortResult* p) { return port_json(*p); }, false);
  // Every conversation only when asked for: on a busy link they outnumber the ports by far
  // and a document holding them all grows with the capture (issue 24).
  if (o.conversations) {
    append_array(
        out, "conversations", selected_conversations(r, o),
        [](const ConversationResult* c) { return conversation_json(*c); }, false);
  }
  append_array(
      out, "scans", r.scans,
      [](const scan::ScanEpisode& e) { return scan::scan_episode_json(e, scan::TimeFormat::epoch); }, false);
  const auto epoch_seconds = [](TimeNs t) { return nlohmann::ordered_json(static_cast<double>(t) / 1e9); };
  append_array(
      out, "scan_chains", r.scan_chains,
      [&epoch_seconds](const ScanChain& c) { return scan_chain_json(c, epoch_seconds); }, true);
  out += "}\n";
  return out;
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
