#include "classify/features/scan_chain.hpp"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "classify/features/conversation_features.hpp"

namespace gp {
namespace {

std::string count_text(std::uint64_t n) {  // 2200 -> "2,200"
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string bytes_text(std::uint64_t n) {
  if (n < 1000) return fmt::format("{} B", n);
  if (n < 1'000'000) return fmt::format("{:.1f} kB", static_cast<double>(n) / 1e3);
  if (n < 1'000'000'000) return fmt::format("{:.1f} MB", static_cast<double>(n) / 1e6);
  return fmt::format("{:.1f} GB", static_cast<double>(n) / 1e9);
}

bool probe_then_session(TimeNs first_answered_probe, TimeNs first_session) {
  return first_session != ConversationStats::kNoTime && first_answered_probe <= first_session;
}

}  // namespace

std::string ScanChain::reason() const {
  const std::string where = scanned_hosts <= 1 ? server.to_string() : count_text(scanned_hosts) + " hosts";
  const std::string found = open_ports <= 1 ? "the port it found open"
                                            : fmt::format("one of the {} ports it found open", count_text(open_ports));
  return fmt::format("scanned {} port{} on {}, then sent {} and received {} on {}/{}, {}", count_text(scanned_ports),
                     scanned_ports == 1 ? "" : "s", where, bytes_text(client_bytes), bytes_text(server_bytes), port,
                     transport_name(ip_proto), found);
}

bool is_scan_chain(const ConversationStats& s) { return probe_then_session(s.first_answered_probe, s.first_session); }

namespace {

ScanChain chain_of(const TrafficModel& model, const ConversationKey& key, const ConversationStats& s,
                   const ClientScanInfo& scan) {
  ScanChain c;
  c.client = key.client;
  c.server = key.server;
  c.port = key.port;
  c.ip_proto = key.ip_proto;
  c.client_bytes = s.client_bytes;
  c.server_bytes = s.server_bytes;
  c.sessions = s.sessions;
  c.first_probe_answered = s.first_answered_probe;
  c.first_session = s.first_session;
  if (const ClientStats* cs = model.client(key.client)) {
    c.scanned_ports = cs->ports.count();
    c.scanned_hosts = cs->hosts.count();
    c.open_ports = cs->open_ports.count();
  }
  if (scan.scan_ports > 0) c.scanned_ports = scan.scan_ports;
  if (scan.scan_hosts > 0) c.scanned_hosts = scan.scan_hosts;
  return c;
}

}  // namespace

std::optional<ScanChain> scan_chain_of(const TrafficModel& model, const ConversationKey& key,
                                       const ClientScanInfo& scan) {
  const auto it = model.conversations().find(key);
  if (!scan.scanner || it == model.conversations().end() || !is_scan_chain(it->second)) return std::nullopt;
  return chain_of(model, key, it->second, scan);
}

namespace {

// Two parts of one conversation, before and after it left the model.
void add_part(ScanChain& into, const ScanChain& part) {
  into.client_bytes += part.client_bytes;
  into.server_bytes += part.server_bytes;
  into.sessions += part.sessions;
  into.first_probe_answered = std::min(into.first_probe_answered, part.first_probe_answered);
  into.first_session = std::min(into.first_session, part.first_session);
  into.scanned_ports = std::max(into.scanned_ports, part.scanned_ports);
  into.scanned_hosts = std::max(into.scanned_hosts, part.scanned_hosts);
  into.open_ports = std::max(into.open_ports, part.open_ports);
}

}  // namespace

void EarlierScanChains::note_leaving(const TrafficModel& model, const ConversationKey& key,
                                     const ConversationStats& stats,
                                     const std::function<bool(const IpAddress&)>& scans_so_far) {
  if (const auto it = index_.find(key); it != index_.end()) {
    add_part(parts_[it->second], chain_of(model, key, stats, ClientScanInfo{}));
    return;
  }
  if (stats.first_answered_probe == ConversationStats::kNoTime || !scans_so_far(key.client)) return;
  if (parts_.size() >= capacity_) {
    ++left_out_;
    return;
  }
  index_.emplace(key, parts_.size());
  parts_.push_back(chain_of(model, key, stats, ClientScanInfo{}));
}

std::vector<ScanChain> find_scan_chains(const TrafficModel& model,
                                        const std::function<ClientScanInfo(const IpAddress&)>& scan_info,
                                        const EarlierScanChains* earlier) {
  std::vector<ScanChain> out;
  const auto left_earlier = [earlier](const ConversationKey& key) {
    return earlier != nullptr && earlier->contains(key);
  };
  for (const auto& [key, s] : model.conversations()) {
    if (!is_scan_chain(s) || left_earlier(key)) continue;
    const ClientScanInfo scan = scan_info(key.client);
    if (scan.scanner) out.push_back(chain_of(model, key, s, scan));
  }
  if (earlier != nullptr) {
    for (ScanChain chain : earlier->parts()) {
      const ClientScanInfo scan = scan_info(chain.client);
      if (!scan.scanner) continue;
      const ConversationKey key{chain.client, chain.server, chain.port, chain.ip_proto};
      if (const auto now = model.conversations().find(key); now != model.conversations().end()) {
        add_part(chain, chain_of(model, key, now->second, scan));
      }
      if (scan.scan_ports > 0) chain.scanned_ports = scan.scan_ports;
      if (scan.scan_hosts > 0) chain.scanned_hosts = scan.scan_hosts;
      if (probe_then_session(chain.first_probe_answered, chain.first_session)) out.push_back(chain);
    }
  }
  std::sort(out.begin(), out.end(), [](const ScanChain& a, const ScanChain& b) {
    return std::tie(a.first_session, a.client, a.server, a.port, a.ip_proto) <
           std::tie(b.first_session, b.client, b.server, b.port, b.ip_proto);
  });
  return out;
}

}  // namespace gp
