#include "annotate/traffic_analyzer.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <unordered_map>
#include <thread>

#include "annotate/label_votes.hpp"
#include "classify/features/flow_features.hpp"
#include "classify/features/orientation.hpp"
#include "classify/features/port_standing.hpp"
#include "rules/plural.hpp"
#include "rules/label.hpp"

namespace gp {
namespace {

std::string render_value(const FeatureValue& v, std::string_view unit) {
  return std::visit(
      [&unit](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return "-";
        } else if constexpr (std::is_same_v<T, double>) {
          if (unit == "ratio") return fmt::format("{:.2f}", x);
          if (x == static_cast<double>(static_cast<long long>(x))) {
            return fmt::format("{}{}{}", static_cast<long long>(x), unit.empty() ? "" : " ", unit);
          }
          return fmt::format("{:.3g}{}{}", x, unit.empty() ? "" : " ", unit);
        } else if constexpr (std::is_same_v<T, bool>) {
          return x ? "true" : "false";
        } else if constexpr (std::is_same_v<T, std::string_view>) {
          return std::string(x);
        } else {
          return x.to_string();
        }
      },
      v);
}

// The port's top client and server (most flows among the conversations with the port's
// label, ties to the lower address) and the protocol seen on most flows.
void describe_hosts_and_protocol(const std::vector<ConversationResult>& conversations, PortResult& p) {
  std::map<IpAddress, std::uint64_t> clients;
  std::map<IpAddress, std::uint64_t> servers;
  std::map<std::string, std::uint64_t> protocols;
  for (std::size_t i : p.conversations) {
    const ConversationResult& c = conversations[i];
    protocols[c.protocol.empty() ? std::string("none") : c.protocol] += c.flows;
    if (c.verdict.label != p.label) continue;
    clients[c.client] += c.flows;
    servers[c.server] += c.flows;
  }
  const auto top = [](const auto& counts) {
    auto best = counts.begin();
    for (auto it = counts.begin(); it != counts.end(); ++it) {
      if (it->second > best->second) best = it;
    }
    return best;
  };
  if (!clients.empty()) {
    p.top_client = top(clients)->first;
    p.top_server = top(servers)->first;
    p.has_top = true;
  }
  // A protocol named beats "none" (no payload) and "unknown" (payload of no known kind).
  const std::string* named = nullptr;
  std::uint64_t named_flows = 0;
  for (const auto& [name, flows] : protocols) {
    if (name == "none" || name == "unknown") continue;
    if (named == nullptr || flows > named_flows) {
      named = &name;
      named_flows = flows;
    }
  }
  if (named != nullptr) {
    p.protocol = *named;
  } else if (!protocols.empty()) {
    p.protocol = protocols.contains("unknown") ? "unknown" : "none";
  }
}

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

}  // namespace

std::span<const rules::FlowRuleHit> TrafficAnalyzer::flow_hits(const ConversationKey& key) const {
  const auto it = flow_hits_.find(key);
  return it == flow_hits_.end() ? std::span<const rules::FlowRuleHit>{}
                                : std::span<const rules::FlowRuleHit>(it->second);
}

bool is_orphan_like(std::string_view standing) {
  return standing == "orphaned" || standing == "unofficial" || standing == "unassigned";
}

TrafficAnalyzer::TrafficAnalyzer(AnalyzerOptions options, const VerdictEngine& engine)
    : options_(std::move(options)), engine_(engine), model_(options_.model) {}

void TrafficAnalyzer::flow_ended(const Flow& flow, const ConnRecord& record) {
  if (options_.observe_flow) options_.observe_flow(flow, record);
  std::uint8_t client_protocol = 0;
  std::uint8_t server_protocol = 0;
  const Orientation o = orient(flow, record);
  if (options_.identify) {
    const PayloadSample& c = flow.evidence.first_payload[o.client_is_orig ? 0 : 1];
    const PayloadSample& s = flow.evidence.first_payload[o.client_is_orig ? 1 : 0];
    if (!c.empty()) client_protocol = options_.identify(c, true, record.ip_proto);
    if (!s.empty()) server_protocol = options_.identify(s, false, record.ip_proto);
  }
  model_.add(flow, record, client_protocol, server_protocol);
  if (flow.evidence.announced.total != 0) expected_.note(flow, ConversationKey{o.client, o.server, o.port, o.ip_proto});
  if (engine_.has_flow_rules()) {
    const ConversationKey key{o.client, o.server, o.port, o.ip_proto};
    if (!model_.conversations().contains(key)) return;  // over the cap: counted by the model
    const FlowFeatures features(flow, record, o.client_is_orig ? client_protocol : server_protocol, options_.internal);
    std::vector<rules::FlowRuleHit> hits;
    if (const auto it = flow_hits_.find(key); it != flow_hits_.end()) hits = std::move(it->second);
    engine_.match_flow(features, hits);
    if (!hits.empty()) flow_hits_[key] = std::move(hits);
  }
}

void TrafficAnalyzer::apply_expected(const std::vector<const ConversationKey*>& keys, const std::vector<TimeNs>& starts,
                                     std::vector<ConversationResult>& judged) const {
  if (expected_.size() == 0) return;
  std::unordered_map<ConversationKey, std::size_t, ConversationKeyHash> index;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i]->ip_proto == 6) index.emplace(*keys[i], i);
  }
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const ConversationKey& key = *keys[i];
    if (key.ip_proto != 6) continue;
    const ExpectedSource* source = expected_.find(key.client, key.server, key.port, starts[i]);
    if (source == nullptr) continue;
    const auto control = index.find(source->control);
    if (control == index.end() || control->second == i) continue;  // the control one is over the cap
    const ConversationResult& c = judged[control->second];
    ConversationResult& data = judged[i];
    data.verdict = c.verdict;
    data.expected_by = fmt::format("{} -> {}:{}", source->control.client.to_string(),
                                   source->control.server.to_string(), source->control.port);
    data.verdict.evidence.insert(data.verdict.evidence.begin(),
                                 RuleEvidence{"expected_connection", c.verdict.label, 0.0, false,
                                              expected_reason(*source, key.server, key.port, c.verdict.label)});
  }
}

void TrafficAnalyzer::merge_expected(std::span<const ExpectedSource> sources) {
  for (const ExpectedSource& s : sources) expected_.add(s);
}

void TrafficAnalyzer::merge(const TrafficModel& model, const FlowHits& hits) {
  model_.merge(model);
  if (&hits == &flow_hits_) return;  // our own: nothing new
  for (const auto& [key, theirs] : hits) {
    if (!model_.conversations().contains(key)) continue;  // over the cap, as in flow_ended()
    std::vector<rules::FlowRuleHit>& mine = flow_hits_[key];
    for (const rules::FlowRuleHit& hit : theirs) {
      const bool known = std::any_of(mine.begin(), mine.end(), [&hit](const auto& h) { return h.entry == hit.entry; });
      if (!known) mine.push_back(hit);
    }
    if (mine.empty()) flow_hits_.erase(key);  // an empty list from the sender
  }
}

void TrafficAnalyzer::note_missing_statistics(const ConversationStats& stats, Verdict& verdict) const {
  if (stats.client_table_full == 0 && stats.service_table_full == 0) return;
  const TrafficModelConfig& cfg = model_.config();
  const std::string_view what = stats.client_table_full == 0    ? "its service's"
                                : stats.service_table_full == 0 ? "its client's"
                                                                : "its client's and its service's";
  verdict.evidence.push_back(RuleEvidence{
      "model_table_full", std::nullopt, 0.0, false,
      fmt::format("judged without {} statistics for {} of its {} flows: the model's client and service tables "
                  "were full ({} clients, {} services); rules on them did not see this conversation",
                  what, std::max(stats.client_table_full, stats.service_table_full), stats.flows, cfg.max_clients,
                  cfg.max_services)});
}

ConversationResult TrafficAnalyzer::judge(const ConversationKey& key, const ConversationStats& stats,
                                          const FeatureContext& context) const {
  const ClientScanInfo scan = options_.scan_info ? options_.scan_info(key.client) : ClientScanInfo{};
  const ConversationFeatures features(key, stats, context, scan);
  ConversationResult c;
  c.client = key.client;
  c.server = key.server;
  c.port = key.port;
  c.ip_proto = key.ip_proto;
  c.flows = stats.flows;
  c.client_bytes = stats.client_bytes;
  c.server_bytes = stats.server_bytes;
  c.first_start = stats.first_start;
  c.last_end = stats.last_end;
  c.open_at_end = stats.open_at_end;
  const FeatureValue protocol = features.get(feature_id<"protocol">());
  if (const auto* p = std::get_if<std::string_view>(&protocol)) c.protocol = std::string(*p);
  const FeatureValue registered = features.get(feature_id<"registered_protocol">());
  c.registered_protocol = std::get_if<bool>(&registered) != nullptr && std::get<bool>(registered);
  c.verdict = engine_.judge(features, flow_hits(key));
  note_missing_statistics(stats, c.verdict);
  if (options_.keep_features_for && options_.keep_features_for(key.port, key.ip_proto)) {
    const auto catalog = feature_catalog();
    for (std::size_t i = 0; i < catalog.size(); ++i) {
      if (catalog[i].scope != FeatureScope::group) continue;
      c.features.emplace_back(std::string(catalog[i].name),
                              render_value(features.get(static_cast<FeatureId>(i)), catalog[i].unit));
    }
  }
  return c;
}

AnalysisResult TrafficAnalyzer::finish() const {
  AnalysisResult result;
  result.unmodelled_flows = model_.dropped_flows();
  result.max_conversations = options_.model.max_conversations;
  const FeatureContext context{model_, options_.registry, options_.internal, options_.standard_port};
  std::map<std::pair<std::uint8_t, std::uint16_t>, std::vector<std::size_t>> by_port;

  // The model is a hash table: its order depends on the order flows ended in and on the
  // table's history. Judging conversations in key order makes every tie below (the port's
  // top reason, --explain's order) a function of the traffic alone.
  std::vector<decltype(&*model_.conversations().begin())> ordered;
  ordered.reserve(model_.conversations().size());
  for (const auto& entry : model_.conversations()) ordered.push_back(&entry);
  std::sort(ordered.begin(), ordered.end(), [](const auto* a, const auto* b) {
    return std::tie(a->first.ip_proto, a->first.port, a->first.server, a->first.client) <
           std::tie(b->first.ip_proto, b->first.port, b->first.server, b->first.client);
  });
  // Judging is read-only on the model and the scan results, so it can be spread over
  // threads, each taking a contiguous run of conversations; the results keep their order.
  model_.prepare_for_readers();
  std::vector<ConversationResult> judged(ordered.size());
  const auto judge_range = [&](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) judged[i] = judge(ordered[i]->first, ordered[i]->second, context);
  };
  const std::size_t threads =
      std::clamp<std::size_t>(options_.judge_threads, 1, std::max<std::size_t>(1, ordered.size() / 256));
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) {
    pool.emplace_back(judge_range, ordered.size() * t / threads, ordered.size() * (t + 1) / threads);
  }
  judge_range(0, ordered.size() / threads);
  for (auto& th : pool) th.join();
  {
    std::vector<const ConversationKey*> keys;
    std::vector<TimeNs> starts;
    keys.reserve(ordered.size());
    starts.reserve(ordered.size());
    for (const auto* entry : ordered) {
      keys.push_back(&entry->first);
      starts.push_back(entry->second.first_start);
    }
    apply_expected(keys, starts, judged);
  }
  for (std::size_t i = 0; i < judged.size(); ++i) {
    const ConversationKey& key = ordered[i]->first;
    by_port[{key.ip_proto, key.port}].push_back(i);
  }
  result.conversations = std::move(judged);
  result.max_clients = std::min(options_.model.max_clients, options_.model.max_services);
  for (const auto* entry : ordered) {
    const ConversationStats& st = entry->second;
    if (st.client_table_full > 0 || st.service_table_full > 0) ++result.judged_without_statistics;
  }

  result.ports.reserve(by_port.size());
  for (const auto& [pk, indices] : by_port) {
    PortResult p;
    p.ip_proto = pk.first;
    p.port = pk.second;
    p.transport = std::string(transport_name(p.ip_proto));
    p.service = port_service(options_.registry, p.port, p.ip_proto);
    p.standing = std::string(port_standing(options_.registry, p.port, p.ip_proto));
    if (const PortStats* ps = model_.port(PortKey{p.port, p.ip_proto})) {
      p.flows = ps->flows;
      p.clients = ps->clients.count();
      p.servers = ps->servers.count();
      p.clients_exact = ps->clients.exact();
      p.servers_exact = ps->servers.exact();
    }
    LabelTally votes;
    std::map<std::string, std::uint64_t> registered;  // protocol -> conversations
    for (std::size_t i : indices) {
      const ConversationResult& c = result.conversations[i];
      if (!c.protocol.empty() && c.protocol != "none") ++p.payload_conversations;
      if (c.registered_protocol) ++registered[c.protocol];
      p.bytes += c.client_bytes + c.server_bytes;
      p.open_at_end += c.open_at_end;
      votes.add(c.verdict.label, c.verdict.confidence);
    }
    for (const rules::Label l : rules::kAllLabels) {
      if (votes[l].conversations > 0) p.breakdown.push_back({l, votes[l].conversations});
    }
    // News only where nmap thought the registration dead; on an active port it is the norm.
    if (p.standing != "orphaned") registered.clear();
    for (const auto& [protocol, n] : registered) {
      if (2 * n > p.payload_conversations && n > p.registered_conversations) {
        p.registered_in_use = protocol;
        p.registered_conversations = n;
      }
    }
    std::sort(p.breakdown.begin(), p.breakdown.end(), [&votes](const LabelCount& a, const LabelCount& b) {
      if (a.conversations != b.conversations) return a.conversations > b.conversations;
      return votes[a.label].confidence_sum > votes[b.label].confidence_sum;
    });
    p.label = votes.port_label();
    const ConversationResult* best = nullptr;
    for (std::size_t i : indices) {
      const ConversationResult& c = result.conversations[i];
      if (c.verdict.label == p.label && (best == nullptr || c.verdict.confidence > best->verdict.confidence)) best = &c;
    }
    if (best != nullptr) {
      p.confidence = best->verdict.confidence;
      if (!best->verdict.evidence.empty()) p.top_reason = best->verdict.evidence.front().reason;
    }
    p.conversations = indices;
    describe_hosts_and_protocol(result.conversations, p);
    // No rule decided: the first evidence would be a rule that argued against a label
    // ("ordinary use of it is no custom application"); say what the traffic was instead.
    if (p.label == rules::Label::unknown) p.top_reason = observed_reason(p);
    result.ports.push_back(std::move(p));
  }
  if (options_.scan_info) {
    result.scan_chains = find_scan_chains(model_, options_.scan_info);
  }
  std::stable_sort(result.ports.begin(), result.ports.end(), [](const PortResult& a, const PortResult& b) {
    const bool ao = is_orphan_like(a.standing);
    const bool bo = is_orphan_like(b.standing);
    if (ao != bo) return ao;
    if (a.flows != b.flows) return a.flows > b.flows;
    return std::tie(a.ip_proto, a.port) < std::tie(b.ip_proto, b.port);
  });
  return result;
}

}  // namespace gp
