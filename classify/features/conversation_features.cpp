#include "classify/features/conversation_features.hpp"

#include <algorithm>
#include <optional>
#include <span>

#include "classify/features/beacon.hpp"
#include "classify/features/port_standing.hpp"
#include "classify/features/registered_protocol.hpp"
#include "classify/features/scan_chain.hpp"

namespace gp {
namespace {

double ratio(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

// Mean gap between connection starts, in seconds: how often a client retries. The mean,
// not the median: resolvers and stacks retry in bursts (dig's two tries 0.1 ms apart, then
// a second later), and the median of such gaps says "every 0 s".
std::optional<double> mean_interval(std::span<const TimeNs> starts) {
  if (starts.size() < 2) return std::nullopt;
  const auto [lo, hi] = std::minmax_element(starts.begin(), starts.end());
  return static_cast<double>(*hi - *lo) / 1e9 / static_cast<double>(starts.size() - 1);
}

}  // namespace

bool looks_like_probe(const ConversationStats& s) {
  if (s.sessions > 0) return false;
  // A service used again and again (short request/response connections over minutes) is
  // no probe either, whoever the client is; a version scan is over in seconds.
  constexpr TimeNs kRepeatedUseNs = 60'000'000'000;
  if (s.data_exchanges >= 3 && s.last_end - s.first_start >= kRepeatedUseNs) return false;
  // Nor is one protocol's request answered again and again, however quickly: a version
  // scan's probes change protocol from one connection to the next (HTTP, TLS, RPC, SIP...),
  // an application's requests do not.
  constexpr std::uint32_t kManyExchanges = 5;
  constexpr double kOneProtocol = 0.9;
  return !(s.data_exchanges >= kManyExchanges && dominant_protocol(s.client_protocols).share >= kOneProtocol);
}

DominantProtocol dominant_protocol(const ProtocolCounts& counts) {
  DominantProtocol best;
  std::uint64_t total = 0;
  std::uint32_t best_count = 0;
  for (const auto& [protocol, flows] : counts) {  // ascending: ties go to the lower index
    if (protocol == 0) continue;                  // "none": no payload
    total += flows;
    if (flows > best_count) {
      best_count = flows;
      best.index = protocol;
    }
  }
  best.share = ratio(best_count, total);
  return best;
}

template <FeatureName Name>
void ConversationFeatures::set(FeatureValue value) {
  values_[feature_id<Name>()] = std::move(value);
}

FeatureValue ConversationFeatures::get(FeatureId id) const {
  return id < values_.size() ? values_[id] : FeatureValue{};
}

ConversationFeatures::ConversationFeatures(const ConversationKey& key, const ConversationStats& s,
                                           const FeatureContext& ctx, const ClientScanInfo& scan)
    : values_(feature_catalog().size()) {
  const auto protocols = protocol_vocabulary();
  set<"port">(static_cast<double>(key.port));
  set<"transport">(transport_name(key.ip_proto));
  set<"standing">(port_standing(ctx.registry, key.port, key.ip_proto));
  set<"system_port">(key.port < 1024);

  const std::uint64_t flows = s.flows;
  set<"flows">(static_cast<double>(flows));
  set<"completed_ratio">(ratio(s.completed, flows));
  set<"answered_ratio">(ratio(s.answered, flows));
  set<"rejected_ratio">(ratio(s.rejected, flows));
  set<"unanswered_ratio">(ratio(s.unanswered, flows));
  set<"failed_flows">(static_cast<double>(flows - std::min<std::uint64_t>(flows, s.completed)));
  set<"data_ratio">(ratio(s.client_data, flows));
  set<"backscatter_ratio">(ratio(s.unsolicited, flows));
  set<"orig_bytes">(static_cast<double>(s.client_bytes));
  set<"resp_bytes">(static_cast<double>(s.server_bytes));
  set<"upload_ratio">(ratio(s.client_bytes, s.client_bytes + s.server_bytes));
  set<"max_flow_orig_bytes">(static_cast<double>(s.max_flow_client_bytes));
  set<"mean_duration">(flows == 0 ? 0.0 : static_cast<double>(s.duration_ns_sum) / 1e9 / static_cast<double>(flows));
  set<"max_duration">(s.duration_max);
  set<"active_span">(static_cast<double>(s.last_end - s.first_start) / 1e9);
  set<"packets">(static_cast<double>(s.client_packets + s.server_packets));
  set<"sessions">(static_cast<double>(s.sessions));
  set<"probe_like">(looks_like_probe(s));
  set<"midstream_ratio">(ratio(s.midstream, flows));
  set<"one_sided_ratio">(ratio(s.one_sided, flows));
  set<"capture_complete">(s.midstream == 0 && s.one_sided == 0);

  set<"client_internal">(ctx.internal.contains(key.client));
  set<"server_internal">(ctx.internal.contains(key.server));
  set<"client_addr">(key.client);
  set<"server_addr">(key.server);

  const DominantProtocol client_proto = dominant_protocol(s.client_protocols);
  const DominantProtocol server_proto = dominant_protocol(s.server_protocols);
  // The client's protocol when it is a known one, else the server's (a POP3 banner answering
  // an unrecognised greeting), else whatever the client side showed ("unknown", "none").
  const bool client_known = client_proto.index > 1;
  const bool server_known = server_proto.index > 1;
  const DominantProtocol& shown =
      client_known || (!server_known && client_proto.index != 0) ? client_proto : server_proto;
  const std::string_view protocol = protocols[shown.index];
  set<"protocol">(protocol);
  set<"server_protocol">(protocols[server_proto.index]);
  set<"protocol_share">(shown.share);
  const bool known = shown.index > 1;  // neither "none" nor "unknown"
  set<"protocol_on_standard_port">(known && ctx.standard_port != nullptr &&
                                   ctx.standard_port(protocol, key.port, key.ip_proto));
  set<"registered_protocol">(known && protocol_is_registered_on(ctx.registry, protocol, key.port, key.ip_proto));
  set<"protocol_mismatch">(client_proto.index > 1 && server_proto.index > 1 &&
                           client_proto.index != server_proto.index);
  if (s.entropy_samples > 0) set<"payload_entropy">(s.entropy_sum / s.entropy_samples);
  set<"high_entropy_ratio">(ratio(s.high_entropy, s.client_data));

  if (const auto b = beacon_stats(s.starts)) {
    set<"beacon_score">(b->score);
    set<"beacon_interval">(b->median_interval);
  }
  if (const auto r = mean_interval(s.starts)) set<"retry_interval">(*r);

  if (const PortStats* p = ctx.model.port(PortKey{key.port, key.ip_proto})) {
    set<"port_clients">(static_cast<double>(p->clients.count()));
    set<"port_servers">(static_cast<double>(p->servers.count()));
    set<"port_flows">(static_cast<double>(p->flows));
  }
  if (const ServiceStats* svc = ctx.model.service(ServiceKey{key.server, key.port, key.ip_proto})) {
    set<"service_clients">(static_cast<double>(svc->clients.count()));
    set<"service_completed_ratio">(ratio(svc->completed, svc->flows));
    set<"backscatter_hosts">(static_cast<double>(svc->unsolicited_clients.count()));
  }
  if (const ClientStats* c = ctx.model.client(key.client)) {
    set<"client_ports">(static_cast<double>(c->ports.count()));
    set<"client_hosts">(static_cast<double>(c->hosts.count()));
    set<"client_flows">(static_cast<double>(c->flows));
    set<"client_unanswered_ratio">(ratio(c->unanswered, c->flows));
    set<"client_open_ports">(static_cast<double>(c->open_ports.count()));
  }
  set<"client_scanner">(scan.scanner);
  set<"scan_then_session">(scan.scanner && is_scan_chain(s));
  set<"scan_tool">(scan.tool);
  set<"scan_ports">(static_cast<double>(scan.scanner ? scan.scan_ports : 0));
  set<"scan_hosts">(static_cast<double>(scan.scanner ? scan.scan_hosts : 0));
  set<"client_research_scanner">(scan.listed);
  set<"known_scanner">(scan.listed ? scan.listed_name : std::string_view("none"));
}

}  // namespace gp
