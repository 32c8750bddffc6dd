// analyze's CSV (RFC 4180): one row per port or per conversation.
#include <fmt/format.h>

#include "common/ip_protocol.hpp"
#include "report/analysis_render.hpp"
#include "report/analysis_selection.hpp"
#include "report/conversation_lines.hpp"

namespace gp::report {

using rules::to_string;

namespace {

std::string quote(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;  // RFC 4180: CR needs quotes too
  std::string q = "\"";
  for (char ch : s) {
    if (ch == '"') q += '"';
    q += ch;
  }
  return q + "\"";
}

}  // namespace

std::string_view conversation_csv_header() {
  return "client,server,port,transport,flows,client_bytes,server_bytes,protocol,label,confidence,reason\n";
}

std::string conversation_csv_row(const ConversationResult& c) {
  const std::string reason = c.verdict.evidence.empty() ? "" : c.verdict.evidence.front().reason;
  return fmt::format("{},{},{},{},{},{},{},{},{},{:.3f},{}\n", c.client.to_string(), c.server.to_string(), c.port,
                     transport_name(c.ip_proto), c.flows, c.client_bytes, c.server_bytes, c.protocol,
                     to_string(c.verdict.label), c.verdict.confidence, quote(reason));
}

std::string render_csv(const AnalysisResult& r, const RenderOptions& o) {
  std::string out;
  if (o.conversations) {
    out += conversation_csv_header();
    for (const ConversationResult* c : selected_conversations(r, o)) out += conversation_csv_row(*c);
    return out;
  }
  out +=
      "port,transport,service,standing,flows,clients,servers,bytes,label,confidence,protocol,top_client,top_server,"
      "reason\n";
  for (const PortResult* p : selected_ports(r, o)) {
    out += fmt::format("{},{},{},{},{},{},{},{},{},{:.3f},{},{},{},{}\n", p->port, p->transport, quote(p->service),
                       p->standing, p->flows, p->clients, p->servers, p->bytes, to_string(p->label), p->confidence,
                       p->protocol.empty() ? "none" : p->protocol, p->has_top ? p->top_client.to_string() : "",
                       p->has_top ? p->top_server.to_string() : "", quote(p->top_reason));
  }
  return out;
}

}  // namespace gp::report
