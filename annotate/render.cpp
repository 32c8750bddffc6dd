#include "annotate/render.hpp"

#include <cmath>
#include <algorithm>
#include <map>
#include <set>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "classify/features/scan_chain_json.hpp"
#include "classify/scan/scan_episode_json.hpp"
#include "common/ip_protocol.hpp"
#include "common/terminal_text.hpp"
#include "rules/label.hpp"

namespace gp {
namespace {

// JSON strings must be UTF-8; bytes that are not (a Latin-1 services file, payload-derived
// text) become U+FFFD instead of making the writer throw.
std::string dump(const nlohmann::ordered_json& j, int indent = -1) {
  return j.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

using rules::severity_rank;

std::vector<const PortResult*> selected_ports(const AnalysisResult& r, const RenderOptions& o) {
  std::vector<const PortResult*> out;
  for (const PortResult& p : r.ports) {
    if (o.only_orphaned && !is_orphan_like(p.standing)) continue;
    out.push_back(&p);
  }
  // r.ports is in standing order; the others re-sort it, stable and with a full tie-break.
  const auto by_port = [](const PortResult* a, const PortResult* b) {
    return std::tie(a->ip_proto, a->port) < std::tie(b->ip_proto, b->port);
  };
  switch (o.sort) {
    case PortOrder::standing: break;
    case PortOrder::port: std::stable_sort(out.begin(), out.end(), by_port); break;
    case PortOrder::flows:
      std::stable_sort(out.begin(), out.end(), [&](const PortResult* a, const PortResult* b) {
        if (a->flows != b->flows) return a->flows > b->flows;
        return by_port(a, b);
      });
      break;
    case PortOrder::severity:
      std::stable_sort(out.begin(), out.end(), [&](const PortResult* a, const PortResult* b) {
        const int ra = severity_rank(a->label);
        const int rb = severity_rank(b->label);
        if (ra != rb) return ra < rb;
        // Confidence as printed (2 decimals), so rows that read the same tie on evidence.
        const long ca = std::lround(a->confidence * 100.0);
        const long cb = std::lround(b->confidence * 100.0);
        if (ca != cb) return ca > cb;
        if (a->flows != b->flows) return a->flows > b->flows;
        return by_port(a, b);
      });
      break;
  }
  return out;
}

// "10.0.0.5 (+3)": the top host and how many others the port saw.
std::string top_host(const PortResult& p, bool client) {
  if (!p.has_top) return "-";
  const std::uint64_t total = client ? p.clients : p.servers;
  const bool exact = client ? p.clients_exact : p.servers_exact;
  const std::string address = (client ? p.top_client : p.top_server).to_string();
  if (total <= 1) return address;
  return fmt::format("{} (+{}{})", address, exact ? "" : "~", total - 1);
}

std::vector<const ConversationResult*> selected_conversations(const AnalysisResult& r, const RenderOptions& o) {
  std::vector<const ConversationResult*> out;
  for (const PortResult* p : selected_ports(r, o)) {
    for (std::size_t i : p->conversations) out.push_back(&r.conversations[i]);
  }
  std::stable_sort(out.begin(), out.end(), [](const ConversationResult* a, const ConversationResult* b) {
    return std::tie(a->ip_proto, a->port, a->server, a->client) < std::tie(b->ip_proto, b->port, b->server, b->client);
  });
  return out;
}

std::string human_bytes(std::uint64_t b) {
  if (b < 10'000) return std::to_string(b);
  if (b < 10'000'000) return fmt::format("{:.0f}K", static_cast<double>(b) / 1e3);
  if (b < 10'000'000'000ULL) return fmt::format("{:.0f}M", static_cast<double>(b) / 1e6);
  return fmt::format("{:.0f}G", static_cast<double>(b) / 1e9);
}

std::string breakdown_text(const PortResult& p) {
  std::string s;
  for (const LabelCount& l : p.breakdown) {
    if (!s.empty()) s += ", ";
    s += fmt::format("{} {}", l.conversations, l.label);
  }
  return s;
}

nlohmann::ordered_json evidence_json(const Verdict& v) {
  nlohmann::ordered_json rules = nlohmann::ordered_json::array();
  for (const RuleEvidence& e : v.evidence) {
    rules.push_back({{"rule", e.rule_id}, {"label", e.label}, {"weight", e.weight}, {"against", e.against},
                     {"reason", e.reason}});
  }
  return rules;
}

// Distinct counts past the exact range are estimates: "~508".
std::string host_count(std::uint64_t n, bool exact) { return exact ? fmt::format("{}", n) : fmt::format("~{}", n); }

// null, or which registered protocol most of the port's payload-carrying conversations speak.
nlohmann::ordered_json registered_in_use_json(const PortResult& p) {
  if (p.registered_in_use.empty()) return nullptr;
  return {{"protocol", p.registered_in_use},
          {"conversations", p.registered_conversations},
          {"of", p.payload_conversations}};
}

nlohmann::ordered_json port_json(const PortResult& p) {
  nlohmann::ordered_json breakdown = nlohmann::ordered_json::object();
  for (const LabelCount& l : p.breakdown) breakdown[l.label] = l.conversations;
  const auto address = [&p](const IpAddress& a) {
    return p.has_top ? nlohmann::ordered_json(a.to_string()) : nlohmann::ordered_json(nullptr);
  };
  return {{"port", p.port},       {"transport", p.transport}, {"service", p.service}, {"standing", p.standing},
          {"flows", p.flows},     {"clients", p.clients},     {"servers", p.servers},
          {"clients_exact", p.clients_exact}, {"servers_exact", p.servers_exact}, {"bytes", p.bytes},
          {"label", p.label},     {"confidence", std::round(p.confidence * 1000.0) / 1000.0},
          {"protocol", p.protocol.empty() ? std::string("none") : p.protocol},
          {"top_client", address(p.top_client)}, {"top_server", address(p.top_server)},
          {"reason", p.top_reason}, {"conversations_by_label", breakdown}, {"open_at_end", p.open_at_end},
          {"registered_service_in_use", registered_in_use_json(p)}};
}

nlohmann::ordered_json conversation_json(const ConversationResult& c) {
  return {{"client", c.client.to_string()},
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
          {"label", c.verdict.label},
          {"confidence", std::round(c.verdict.confidence * 1000.0) / 1000.0},
          {"benign_research", c.verdict.benign_research},
          {"rules", evidence_json(c.verdict)}};
}

// A port whose every conversation is scan noise from a source with a scan episode (for
// backscatter, the emitter is the conversation's server): the scan's row speaks for it.
class ScanOnlyPorts {
 public:
  explicit ScanOnlyPorts(const AnalysisResult& r) : r_(r) {
    for (const scan::ScanEpisode& e : r.scans) {
      (e.type == scan::ScanType::backscatter ? emitters_ : sources_).insert(e.source);
    }
  }
  bool operator()(const PortResult& p) const {
    if (sources_.empty() && emitters_.empty()) return false;
    return std::all_of(p.conversations.begin(), p.conversations.end(), [this](std::size_t i) {
      const ConversationResult& c = r_.conversations[i];
      return c.verdict.label == "scanner_noise" && (sources_.contains(c.client) || emitters_.contains(c.server));
    });
  }

 private:
  const AnalysisResult& r_;
  std::set<IpAddress> sources_, emitters_;
};

// One row per scan episode: the scanner's traffic as one finding instead of a row per port.
std::string scans_table(const AnalysisResult& r) {
  if (r.scans.empty()) return "";
  std::string out = fmt::format("\nSCANS: {} (one row per scan: a source's probes with one tool, until a quiet period or another tool ends them)\n",
                                r.scans.size());
  out += fmt::format("{:>4}  {:<39} {:<27} {:>9}  {:<11} {:<8} {:>7} {:>7} {:>7} {:>6}  {}\n", "#", "SOURCE", "START",
                     "DURATION", "TYPE", "TOOL", "PROBES", "PORTS", "HOSTS", "OPEN", "KNOWN SCANNER");
  for (const scan::ScanEpisode& e : r.scans) {
    const std::string ports_approx = e.ports_exact ? "" : "~";
    const std::string hosts_approx = e.hosts_exact ? "" : "~";
    const auto open = e.outcomes[static_cast<std::size_t>(scan::ProbeOutcome::open)];
    out += fmt::format("{:>4}  {:<39} {:<27} {:>9}  {:<11} {:<8} {:>7} {:>7} {:>7} {:>6}  {}\n", e.id,
                       e.source.to_string(), scan::iso8601(e.start), scan::human_duration(e.duration_s()), scan::to_string(e.type),
                       scan::to_string(e.tool), e.probes, ports_approx + std::to_string(e.distinct_ports),
                       hosts_approx + std::to_string(e.distinct_hosts), open,
                       e.known_scanner.empty() ? "-" : printable(e.known_scanner) + " (benign research)");
  }
  return out;
}

// Scans followed by sessions: the chains an analyst most needs to see, one line each.
std::string scan_chains_table(const AnalysisResult& r) {
  if (r.scan_chains.empty()) return "";
  std::string out = fmt::format("\nSCANS FOLLOWED BY SESSIONS: {} (a scanner later held a session on a port that "
                                "answered its probes)\n", r.scan_chains.size());
  for (const ScanChain& c : r.scan_chains) {
    out += fmt::format("  {} -> {}:{}/{}  {}\n", c.client.to_string(), c.server.to_string(), c.port,
                       transport_name(c.ip_proto), printable(c.reason()));
  }
  return out;
}

}  // namespace

std::optional<PortOrder> parse_port_order(std::string_view name) {
  if (name == "severity") return PortOrder::severity;
  if (name == "standing") return PortOrder::standing;
  if (name == "port") return PortOrder::port;
  if (name == "flows") return PortOrder::flows;
  return std::nullopt;
}

std::string render_table(const AnalysisResult& r, const RenderOptions& o) {
  std::string out;
  if (o.conversations) {
    out += fmt::format("{:<39} {:<39} {:>11} {:>6} {:<18} {:>5}  {}\n", "CLIENT", "SERVER", "PORT", "FLOWS", "LABEL",
                       "CONF", "TOP REASON");
    std::size_t n = 0;
    for (const ConversationResult* c : selected_conversations(r, o)) {
      if (o.limit != 0 && n++ >= o.limit) break;
      const std::string reason = c->verdict.evidence.empty() ? "-" : printable(c->verdict.evidence.front().reason);
      out += fmt::format("{:<39} {:<39} {:>11} {:>6} {:<18} {:>5.2f}  {}\n", c->client.to_string(), c->server.to_string(),
                         fmt::format("{}/{}", c->port, transport_name(c->ip_proto)), c->flows, c->verdict.label,
                         c->verdict.confidence, reason);
    }
    return out;
  }
  out += fmt::format("{:>11}  {:<18} {:>4}  {:<16} {:<14} {:<10} {:>6} {:>7}  {:<22} {:<22} {}\n", "PORT", "LABEL", "CONF",
                     "SERVICE", "STANDING", "PROTOCOL", "FLOWS", "BYTES", "CLIENT (+MORE)", "SERVER (+MORE)",
                     "TOP REASON");
  std::size_t n = 0;
  // One scan is one finding: ports only scanners touched are not a row each (a scan of 1,000
  // ports would bury everything else); JSON and CSV still list them.
  const ScanOnlyPorts scan_only(r);
  std::size_t folded = 0;
  for (const PortResult* p : selected_ports(r, o)) {
    if (scan_only(*p)) {
      ++folded;
      continue;
    }
    if (o.limit != 0 && n++ >= o.limit) break;
    std::string service = printable(p->service);
    if (service.size() > 16) service = service.substr(0, 15) + "~";
    std::string reason = p->top_reason.empty() ? "-" : printable(p->top_reason);
    if (!p->registered_in_use.empty()) {
      // News on a port nmap calls orphaned: its registered software is alive here.
      reason = fmt::format("registered service in use ({} in {} of {} conversations); {}", p->registered_in_use,
                           p->registered_conversations, p->payload_conversations, reason);
    }
    if (p->breakdown.size() > 1) reason += fmt::format(" [{}]", breakdown_text(*p));
    out += fmt::format("{:>11}  {:<18} {:>4.2f}  {:<16} {:<14} {:<10} {:>6} {:>7}  {:<22} {:<22} {}\n",
                       fmt::format("{}/{}", p->port, p->transport), p->label, p->confidence, service, p->standing,
                       p->protocol.empty() ? "none" : p->protocol, p->flows, human_bytes(p->bytes), top_host(*p, true),
                       top_host(*p, false), reason);
  }
  std::uint64_t open = 0;
  for (const PortResult* p : selected_ports(r, o)) open += p->open_at_end;
  if (open > 0) {
    out += fmt::format("{:>11}  {} connection(s) were still open when the capture ended: long-lived ones ("
                       "\"open_at_end\" in -F json)\n", "", open);
  }
  if (folded > 0) {
    out += fmt::format("{:>11}  … and {} port(s) only the scans below touched (listed in -F json and csv)\n", "",
                       folded);
  }
  out += scan_chains_table(r);
  out += scans_table(r);
  return out;
}

std::string render_json(const AnalysisResult& r, const RenderOptions& o) {
  nlohmann::ordered_json doc;
  doc["ports"] = nlohmann::ordered_json::array();
  for (const PortResult* p : selected_ports(r, o)) doc["ports"].push_back(port_json(*p));
  doc["conversations"] = nlohmann::ordered_json::array();
  for (const ConversationResult* c : selected_conversations(r, o)) doc["conversations"].push_back(conversation_json(*c));
  doc["scans"] = nlohmann::ordered_json::array();
  for (const scan::ScanEpisode& e : r.scans) doc["scans"].push_back(scan::scan_episode_json(e, scan::TimeFormat::epoch));
  doc["scan_chains"] = nlohmann::ordered_json::array();
  const auto epoch_seconds = [](TimeNs t) { return nlohmann::ordered_json(static_cast<double>(t) / 1e9); };
  for (const ScanChain& c : r.scan_chains) doc["scan_chains"].push_back(scan_chain_json(c, epoch_seconds));
  return dump(doc, 2) + "\n";
}

std::string render_jsonl(const AnalysisResult& r, const RenderOptions& o) {
  std::string out;
  if (o.conversations) {
    for (const ConversationResult* c : selected_conversations(r, o)) out += dump(conversation_json(*c)) + "\n";
  } else {
    for (const PortResult* p : selected_ports(r, o)) out += dump(port_json(*p)) + "\n";
  }
  return out;
}

std::string render_csv(const AnalysisResult& r, const RenderOptions& o) {
  auto quote = [](const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;  // RFC 4180: CR needs quotes too
    std::string q = "\"";
    for (char ch : s) {
      if (ch == '"') q += '"';
      q += ch;
    }
    return q + "\"";
  };
  std::string out;
  if (o.conversations) {
    out += "client,server,port,transport,flows,client_bytes,server_bytes,protocol,label,confidence,reason\n";
    for (const ConversationResult* c : selected_conversations(r, o)) {
      const std::string reason = c->verdict.evidence.empty() ? "" : c->verdict.evidence.front().reason;
      out += fmt::format("{},{},{},{},{},{},{},{},{},{:.3f},{}\n", c->client.to_string(), c->server.to_string(), c->port,
                         transport_name(c->ip_proto), c->flows, c->client_bytes, c->server_bytes, c->protocol,
                         c->verdict.label, c->verdict.confidence, quote(reason));
    }
    return out;
  }
  out += "port,transport,service,standing,flows,clients,servers,bytes,label,confidence,protocol,top_client,top_server,"
         "reason\n";
  for (const PortResult* p : selected_ports(r, o)) {
    out += fmt::format("{},{},{},{},{},{},{},{},{},{:.3f},{},{},{},{}\n", p->port, p->transport, quote(p->service),
                       p->standing, p->flows, p->clients, p->servers, p->bytes, p->label, p->confidence,
                       p->protocol.empty() ? "none" : p->protocol, p->has_top ? p->top_client.to_string() : "",
                       p->has_top ? p->top_server.to_string() : "", quote(p->top_reason));
  }
  return out;
}

constexpr std::size_t kExplainNoiseLimit = 10;

std::string render_explain(const AnalysisResult& r, std::uint16_t port, std::optional<std::string> transport) {
  std::string out;
  for (const PortResult& p : r.ports) {
    if (p.port != port || (transport && p.transport != *transport)) continue;
    out += fmt::format("{}/{} — {} ({}): {} flows, {} clients, {} servers, {} bytes\n", p.port, p.transport,
                       printable(p.service), p.standing, p.flows, host_count(p.clients, p.clients_exact),
                       host_count(p.servers, p.servers_exact), p.bytes);
    out += fmt::format("label {} (confidence {:.2f}); conversations: {}\n\n", p.label, p.confidence, breakdown_text(p));
    // The port's own label first, then the other real labels, then scan noise and unknown
    // traffic, most confident first; noise is capped so a scanned port stays readable, also
    // when noise is all the port saw (its label is then scanner_noise or unknown).
    std::vector<std::size_t> order = p.conversations;
    const auto noise = [](const ConversationResult& c) {
      return c.verdict.label == "scanner_noise" || c.verdict.label == "unknown";
    };
    const auto rank = [&p, &noise](const ConversationResult& c) {
      if (c.verdict.label == p.label) return 0;
      return noise(c) ? 2 : 1;
    };
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const ConversationResult& ca = r.conversations[a];
      const ConversationResult& cb = r.conversations[b];
      if (rank(ca) != rank(cb)) return rank(ca) < rank(cb);
      return ca.verdict.confidence > cb.verdict.confidence;
    });
    std::map<std::string, std::size_t> shown_noise;
    std::map<std::string, std::size_t> hidden_noise;
    for (std::size_t i : order) {
      const ConversationResult& c = r.conversations[i];
      if (noise(c) && ++shown_noise[c.verdict.label] > kExplainNoiseLimit) {
        ++hidden_noise[c.verdict.label];
        continue;
      }
      out += fmt::format("  {} -> {}:{}/{}  {} flows  => {} ({:.2f})\n", c.client.to_string(), c.server.to_string(),
                         c.port, p.transport, c.flows, c.verdict.label, c.verdict.confidence);
      if (c.verdict.evidence.empty()) out += "    no rule fired\n";
      for (const RuleEvidence& e : c.verdict.evidence) {
        out += fmt::format("    {} {:<40} {:>+5.1f} {:<18} {}\n", e.against ? "-" : "+", e.rule_id,
                           e.against ? -e.weight : e.weight, e.label, printable(e.reason));
      }
      std::string line = "    features:";
      for (const auto& [name, value] : c.features) {
        if (value == "-") continue;
        const std::string item = fmt::format(" {}={}", name, printable(value));
        if (line.size() + item.size() > 100) {
          out += line + "\n";
          line = "     ";
        }
        line += item;
      }
      out += line + "\n\n";
    }
    for (const auto& [label, count] : hidden_noise) {
      out += fmt::format("  … and {} more {} conversations; list them all with: ghostport analyze -r FILE "
                         "--conversations -F jsonl | jq 'select(.port == {} and .transport == \"{}\")'\n\n",
                         count, label, p.port, p.transport);
    }
  }
  return out;
}

}  // namespace gp
