#include "annotate/port_rollup.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <tuple>
#include <utility>

#include "classify/features/port_standing.hpp"
#include "common/ip_protocol.hpp"
#include "rules/plural.hpp"

namespace gp {
namespace {

std::string counted(std::uint64_t n, std::string_view noun) {
  return fmt::format("{} {}", n, n == 1 ? rules::singular(noun) : std::string(noun));
}

std::string observed_reason(const PortResult& p) {
  std::string protocol;
  if (p.protocol == "none" || p.protocol.empty()) {
    protocol = "no payload";
  } else if (p.protocol == "unknown") {
    protocol = "payload of no protocol ghostport knows";
  } else {
    protocol = p.protocol + " traffic";
  }
  return fmt::format("no rule decided: {} from {} to {}, {}", counted(p.flows, "flows"), counted(p.clients, "clients"),
                     counted(p.servers, "servers"), protocol);
}

// The address with the most flows among `flows` (address, flows) pairs, ties to the lower
// address; sorts `flows`.
IpAddress busiest(std::vector<std::pair<IpAddress, std::uint64_t>>& flows) {
  std::sort(flows.begin(), flows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  IpAddress best;
  std::uint64_t best_flows = 0;
  for (std::size_t i = 0; i < flows.size();) {
    std::uint64_t sum = 0;
    std::size_t j = i;
    for (; j < flows.size() && flows[j].first == flows[i].first; ++j) sum += flows[j].second;
    if (i == 0 || sum > best_flows) {
      best = flows[i].first;
      best_flows = sum;
    }
    i = j;
  }
  return best;
}

}  // namespace

ScanEpisodeHosts::ScanEpisodeHosts(std::span<const scan::ScanEpisode> scans) {
  for (const scan::ScanEpisode& e : scans) {
    (e.type == scan::ScanType::backscatter ? emitters : sources).insert(e.source);
  }
}

bool PortRollup::Best::beaten_by(const Best& other) const {
  if (other.confidence != confidence) return other.confidence > confidence;
  return std::tie(other.server, other.client) < std::tie(server, client);
}

void PortRollup::NameCounts::add(std::string_view name, std::uint64_t n) {
  const auto it = std::lower_bound(counts_.begin(), counts_.end(), name,
                                   [](const auto& entry, std::string_view k) { return entry.first < k; });
  if (it != counts_.end() && it->first == name) {
    it->second += n;
  } else {
    counts_.emplace(it, std::string(name), n);
  }
}

bool PortRollup::NameCounts::contains(std::string_view name) const {
  return std::any_of(counts_.begin(), counts_.end(), [name](const auto& entry) { return entry.first == name; });
}

PortRollup::PortRollup(const PortKey& key, const registry::PortRegistry* registry) : key_(key), registry_(registry) {}

PortRollup::Best* PortRollup::best_for(rules::Label label) {
  const auto it = std::find_if(best_.begin(), best_.end(), [label](const Best& b) { return b.label == label; });
  return it == best_.end() ? nullptr : &*it;
}

void PortRollup::offer(Best candidate, std::string_view reason) {
  Best* best = best_for(candidate.label);
  if (best != nullptr && !best->beaten_by(candidate)) return;
  candidate.reason = std::string(reason);  // copied only when it is the example so far
  if (best == nullptr) best_.push_back(std::move(candidate));
  else *best = std::move(candidate);
}

void PortRollup::add(const ConversationKey& key, const ConversationResult& c, bool keep_member) {
  ++counts_.conversations;
  if (counts_.first_start == 0 || c.first_start < counts_.first_start) counts_.first_start = c.first_start;
  if (!c.protocol.empty() && c.protocol != "none") ++counts_.payload_conversations;
  if (c.registered_protocol) registered_.add(c.protocol, 1);
  protocols_.add(c.protocol.empty() ? std::string_view("none") : std::string_view(c.protocol), c.flows);
  counts_.bytes += c.client_bytes + c.server_bytes;
  counts_.open_at_end += c.open_at_end;
  const rules::Label label = c.verdict.label;
  votes_.add(label, c.verdict.confidence);
  offer(Best{label, c.verdict.confidence, {}, key.server, key.client},
        c.verdict.evidence.empty() ? std::string_view() : std::string_view(c.verdict.evidence.front().reason));
  if (keep_member) {
    members_.push_back(Member{key.client, key.server, static_cast<std::uint32_t>(c.flows), label});
  } else {
    ++untracked_;
  }
}

void PortRollup::absorb_counts(const PortRollup& earlier) {
  const Counts& e = earlier.counts_;
  counts_.conversations += e.conversations;
  if (e.first_start != 0 && (counts_.first_start == 0 || e.first_start < counts_.first_start)) {
    counts_.first_start = e.first_start;
  }
  counts_.payload_conversations += e.payload_conversations;
  counts_.bytes += e.bytes;
  counts_.open_at_end += e.open_at_end;
  for (const auto& [protocol, n] : earlier.registered_) registered_.add(protocol, n);
  for (const auto& [protocol, flows] : earlier.protocols_) protocols_.add(protocol, flows);
  votes_.merge(earlier.votes_);
  for (const Best& theirs : earlier.best_) offer(theirs, theirs.reason);
}

void PortRollup::describe_top_hosts(PortResult& p, const PortRollup* earlier) const {
  std::vector<std::pair<IpAddress, std::uint64_t>> clients;
  std::vector<std::pair<IpAddress, std::uint64_t>> servers;
  const std::vector<Member> none;
  for (const std::vector<Member>* members : {&members_, earlier != nullptr ? &earlier->members_ : &none}) {
    for (const Member& m : *members) {
      if (m.label != p.label) continue;
      clients.emplace_back(m.client, m.flows);
      servers.emplace_back(m.server, m.flows);
    }
  }
  if (clients.empty()) return;
  p.top_client = busiest(clients);
  p.top_server = busiest(servers);
  p.has_top = true;
}

void PortRollup::describe_protocol(PortResult& p) const {
  // A protocol named beats "none" (no payload) and "unknown" (payload of no known kind).
  const std::string* named = nullptr;
  std::uint64_t named_flows = 0;
  for (const auto& [name, flows] : protocols_) {
    if (name == "none" || name == "unknown") continue;
    if (named == nullptr || flows > named_flows) {
      named = &name;
      named_flows = flows;
    }
  }
  if (named != nullptr) {
    p.protocol = *named;
  } else if (!protocols_.empty()) {
    p.protocol = protocols_.contains("unknown") ? "unknown" : "none";
  }
}

bool PortRollup::only_scanners(const ScanEpisodeHosts& scans, const PortRollup* earlier) const {
  if (scans.empty() || counts_.conversations == 0) return false;
  if (untracked_ > 0 || (earlier != nullptr && earlier->untracked_ > 0)) return false;
  const auto scanner = [&scans](const Member& m) {
    return m.label == rules::Label::scanner_noise && scans.covers(m.client, m.server);
  };
  return std::all_of(members_.begin(), members_.end(), scanner) &&
         (earlier == nullptr || std::all_of(earlier->members_.begin(), earlier->members_.end(), scanner));
}

PortResult PortRollup::finish(const PortStats* stats, const ScanEpisodeHosts& scans, const PortRollup* earlier) {
  if (earlier != nullptr) absorb_counts(*earlier);
  PortResult p;
  p.ip_proto = key_.ip_proto;
  p.port = key_.port;
  p.conversation_count = counts_.conversations;
  p.first_start = counts_.first_start;
  p.payload_conversations = counts_.payload_conversations;
  p.bytes = counts_.bytes;
  p.open_at_end = counts_.open_at_end;
  p.transport = std::string(transport_name(p.ip_proto));
  p.service = port_service(registry_, p.port, p.ip_proto);
  p.standing = std::string(port_standing(registry_, p.port, p.ip_proto));
  if (stats != nullptr) {
    p.flows = stats->flows;
    p.clients = stats->clients.count();
    p.servers = stats->servers.count();
    p.clients_exact = stats->clients.exact();
    p.servers_exact = stats->servers.exact();
  }
  p.scan_only = only_scanners(scans, earlier);
  for (const rules::Label l : rules::kAllLabels) {
    if (votes_[l].conversations > 0) p.breakdown.push_back({l, votes_[l].conversations});
  }
  // News only where nmap thought the registration dead; on an active port it is the norm.
  if (p.standing == "orphaned") {
    for (const auto& [protocol, n] : registered_) {
      if (2 * n > p.payload_conversations && n > p.registered_conversations) {
        p.registered_in_use = protocol;
        p.registered_conversations = n;
      }
    }
  }
  std::sort(p.breakdown.begin(), p.breakdown.end(), [this](const LabelCount& a, const LabelCount& b) {
    if (a.conversations != b.conversations) return a.conversations > b.conversations;
    return votes_[a.label].confidence_sum > votes_[b.label].confidence_sum;
  });
  p.label = votes_.port_label();
  if (const Best* best = best_for(p.label); best != nullptr) {
    p.confidence = best->confidence;
    p.top_reason = best->reason;
  }
  describe_top_hosts(p, earlier);
  describe_protocol(p);
  // No rule decided: the first evidence would be a rule that argued against a label
  // ("ordinary use of it is no custom application"); say what the traffic was instead.
  if (p.label == rules::Label::unknown) p.top_reason = observed_reason(p);
  *this = PortRollup(key_, registry_);
  return p;
}

}  // namespace gp
