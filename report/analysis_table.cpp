// analyze's terminal table: one row per port (or conversation), scans folded into one row
// each, then the scan chains and the scan episodes.
#include <fmt/format.h>

#include "classify/scan/scan_episode.hpp"
#include "classify/scan/scan_episode_json.hpp"
#include "common/ip_protocol.hpp"
#include "common/terminal_text.hpp"
#include "report/analysis_render.hpp"
#include "report/analysis_selection.hpp"

namespace gp::report {
namespace {

using rules::to_string;

// "10.0.0.5 (+3)": the top host and how many others the port saw.
std::string top_host(const PortResult& p, bool client) {
  if (!p.has_top) return "-";
  const std::uint64_t total = client ? p.clients : p.servers;
  const bool exact = client ? p.clients_exact : p.servers_exact;
  const std::string address = (client ? p.top_client : p.top_server).to_string();
  if (total <= 1) return address;
  return fmt::format("{} (+{}{})", address, exact ? "" : "~", total - 1);
}

std::string human_bytes(std::uint64_t b) {
  if (b < 10'000) return std::to_string(b);
  if (b < 10'000'000) return fmt::format("{:.0f}K", static_cast<double>(b) / 1e3);
  if (b < 10'000'000'000ULL) return fmt::format("{:.0f}M", static_cast<double>(b) / 1e6);
  return fmt::format("{:.0f}G", static_cast<double>(b) / 1e9);
}

// One row per scan episode: the scanner's traffic as one finding instead of a row per port.
std::string scans_table(const AnalysisResult& r) {
  if (r.scans.empty()) return "";
  std::string out = fmt::format(
      "\nSCANS: {} (one row per scan: a source's probes with one tool, until a quiet period or another tool ends "
      "them)\n",
      r.scans.size());
  out += fmt::format("{:>4}  {:<39} {:<27} {:>9}  {:<11} {:<8} {:>7} {:>7} {:>7} {:>6}  {}\n", "#", "SOURCE", "START",
                     "DURATION", "TYPE", "TOOL", "PROBES", "PORTS", "HOSTS", "OPEN", "KNOWN SCANNER");
  for (const scan::ScanEpisode& e : r.scans) {
    const std::string ports_approx = e.ports_exact ? "" : "~";
    const std::string hosts_approx = e.hosts_exact ? "" : "~";
    const auto open = e.outcomes[static_cast<std::size_t>(scan::ProbeOutcome::open)];
    out += fmt::format("{:>4}  {:<39} {:<27} {:>9}  {:<11} {:<8} {:>7} {:>7} {:>7} {:>6}  {}\n", e.id,
                       e.source.to_string(), scan::iso8601(e.start), scan::human_duration(e.duration_s()),
                       scan::to_string(e.type), scan::to_string(e.tool), e.probes,
                       ports_approx + std::to_string(e.distinct_ports), hosts_approx + std::to_string(e.distinct_hosts),
                       open, e.known_scanner.empty() ? "-" : printable(e.known_scanner) + " (benign research)");
  }
  return out;
}

// Scans followed by sessions: the chains an analyst most needs to see, one line each.
std::string scan_chains_table(const AnalysisResult& r) {
  if (r.scan_chains.empty()) return "";
  std::string out = fmt::format(
      "\nSCANS FOLLOWED BY SESSIONS: {} (a scanner later held a session on a port that "
      "answered its probes)\n",
      r.scan_chains.size());
  for (const ScanChain& c : r.scan_chains) {
    out += fmt::format("  {} -> {}:{}/{}  {}\n", c.client.to_string(), c.server.to_string(), c.port,
                       transport_name(c.ip_proto), printable(c.reason()));
  }
  return out;
}

}  // namespace

std::string render_table(const AnalysisResult& r, const RenderOptions& o) {
  std::string out;
  if (o.conversations) {
    out += fmt::format("{:<39} {:<39} {:>11} {:>6} {:<18} {:>5}  {}\n", "CLIENT", "SERVER", "PORT", "FLOWS", "LABEL",
                       "CONF", "TOP REASON");
    std::size_t n = 0;
    for (const ConversationResult* c : selected_conversations(r, o)) {
      if (o.limit != 0 && n++ >= o.limit) break;
      const std::string reason = c->verdict.evidence.empty() ? "-" : printable(c->verdict.evidence.front().reason);
      out += fmt::format("{:<39} {:<39} {:>11} {:>6} {:<18} {:>5.2f}  {}\n", c->client.to_string(),
                         c->server.to_string(), fmt::format("{}/{}", c->port, transport_name(c->ip_proto)), c->flows,
                         to_string(c->verdict.label), c->verdict.confidence, reason);
    }
    return out;
  }
  out += fmt::format("{:>11}  {:<18} {:>4}  {:<16} {:<14} {:<10} {:>6} {:>7}  {:<22} {:<22} {}\n", "PORT", "LABEL",
                     "CONF", "SERVICE", "STANDING", "PROTOCOL", "FLOWS", "BYTES", "CLIENT (+MORE)", "SERVER (+MORE)",
                     "TOP REASON");
  std::size_t n = 0;
  // One scan is one finding: ports only scanners touched are not a row each (a scan of 1,000
  // ports would bury everything else); JSON and CSV still list them.
  std::size_t folded = 0;
  for (const PortResult* p : selected_ports(r, o)) {
    if (p->scan_only) {
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
                       fmt::format("{}/{}", p->port, p->transport), to_string(p->label), p->confidence, service,
                       p->standing, p->protocol.empty() ? "none" : p->protocol, p->flows, human_bytes(p->bytes),
                       top_host(*p, true), top_host(*p, false), reason);
  }
  std::uint64_t open = 0;
  for (const PortResult* p : selected_ports(r, o)) open += p->open_at_end;
  if (open > 0) {
    out += fmt::format(
        "{:>11}  {} connection(s) were still open when the capture ended: long-lived ones ("
        "\"open_at_end\" in -F json)\n",
        "", open);
  }
  if (folded > 0) {
    out +=
        fmt::format("{:>11}  … and {} port(s) only the scans below touched (listed in -F json and csv)\n", "", folded);
  }
  out += scan_chains_table(r);
  out += scans_table(r);
  return out;
}

}  // namespace gp::report
