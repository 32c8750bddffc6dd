#include "classify/features/traffic_model.hpp"

#include <algorithm>
#include <tuple>

#include "classify/features/orientation.hpp"

namespace gp {

std::size_t ServiceKeyHash::operator()(const ServiceKey& k) const {
  return static_cast<std::size_t>(k.server.hash()) ^ (std::size_t{k.port} << 8) ^ k.ip_proto;
}

void TrafficModel::add(const Flow& flow, const ConnRecord& record, std::uint8_t client_protocol,
                       std::uint8_t server_protocol) {
  const Orientation o = orient(flow, record);
  const ConversationKey key{o.client, o.server, o.port, o.ip_proto};
  const FlowOutcome outcome = flow_outcome(flow, record, o, client_protocol, server_protocol);
  auto it = conversations_.find(key);
  if (it == conversations_.end() && conversations_.size() < config_.max_conversations) {
    it = conversations_.try_emplace(key).first;
  }
  // Past the conversation cap the flow gets no verdict of its own, but the port, service
  // and client tables (each with its own cap) still count it: a flood must not make a
  // scanner's port count or a port's client count look smaller than they are.
  if (it != conversations_.end()) {
    it->second.add(record, outcome);
  } else {
    ++dropped_flows_;
  }

  const std::uint64_t client_hash = o.client.hash();  // each counted in several tables
  const std::uint64_t server_hash = o.server.hash();
  PortStats& p = ports_[PortKey{o.port, o.ip_proto}];
  ++p.flows;
  p.clients.add(client_hash);
  p.servers.add(server_hash);

  const ServiceKey skey{o.server, o.port, o.ip_proto};
  if (auto s = services_.find(skey); s != services_.end() || services_.size() < config_.max_services) {
    ServiceStats& svc = s != services_.end() ? s->second : services_[skey];
    if (it != conversations_.end() && !it->second.counted_by_service) {
      it->second.counted_by_service = true;
      ++svc.conversations;
    }
    ++svc.flows;
    svc.completed += outcome.completed ? 1U : 0U;
    svc.clients.add(client_hash);
    if (o.unsolicited) svc.unsolicited_clients.add(client_hash);
  } else {
    ++flows_without_service_;
    if (it != conversations_.end()) ++it->second.service_table_full;
  }
  if (o.unsolicited) return;  // backscatter says nothing about its receiver's behaviour
  if (auto c = clients_.find(o.client); c != clients_.end() || clients_.size() < config_.max_clients) {
    ClientStats& cs = c != clients_.end() ? c->second : clients_[o.client];
    if (it != conversations_.end() && !it->second.counted_by_client) {
      it->second.counted_by_client = true;
      ++cs.conversations;
    }
    ++cs.flows;
    cs.unanswered += (!outcome.answered && !outcome.rejected) ? 1U : 0U;
    cs.ports.add((std::uint64_t{o.ip_proto} << 16) | o.port);
    cs.hosts.add(server_hash);
    if (outcome.completed || (outcome.answered && !outcome.rejected)) {
      cs.open_ports.add((std::uint64_t{o.ip_proto} << 16) | o.port);
    }
  } else {
    ++flows_without_client_;
    if (it != conversations_.end()) ++it->second.client_table_full;
  }
}

void TrafficModel::erase_conversation(const ConversationKey& key) {
  const auto it = conversations_.find(key);
  if (it == conversations_.end()) return;
  if (it->second.counted_by_service) {
    const auto s = services_.find(ServiceKey{key.server, key.port, key.ip_proto});
    if (s != services_.end() && --s->second.conversations == 0) services_.erase(s);
  }
  if (it->second.counted_by_client) {
    const auto c = clients_.find(key.client);
    if (c != clients_.end() && --c->second.conversations == 0) clients_.erase(c);
  }
  conversations_.erase(it);
}

namespace {

bool entries_in_key_order(const TrafficModel::Conversations::value_type* a,
                          const TrafficModel::Conversations::value_type* b) {
  return std::tie(a->first.ip_proto, a->first.port, a->first.server, a->first.client) <
         std::tie(b->first.ip_proto, b->first.port, b->first.server, b->first.client);
}

}  // namespace

std::vector<const TrafficModel::Conversations::value_type*> TrafficModel::quietest_eighth() const {
  // Amortised, each new conversation pays for scanning the table once every
  // max_conversations / 8 of them.
  std::vector<const Conversations::value_type*> quietest;
  quietest.reserve(conversations_.size());
  for (const auto& entry : conversations_) quietest.push_back(&entry);
  const std::size_t n = std::max<std::size_t>(1, quietest.size() / 8);
  if (n < quietest.size()) {
    std::nth_element(quietest.begin(), quietest.begin() + static_cast<std::ptrdiff_t>(n), quietest.end(),
                     [](const Conversations::value_type* a, const Conversations::value_type* b) {
                       return a->second.last_end != b->second.last_end ? a->second.last_end < b->second.last_end
                                                                       : entries_in_key_order(a, b);
                     });
    quietest.resize(n);
  }
  std::sort(quietest.begin(), quietest.end(), entries_in_key_order);
  return quietest;
}

std::vector<const TrafficModel::Conversations::value_type*> TrafficModel::conversations_in_key_order() const {
  std::vector<const Conversations::value_type*> ordered;
  ordered.reserve(conversations_.size());
  for (const auto& entry : conversations_) ordered.push_back(&entry);
  std::sort(ordered.begin(), ordered.end(), entries_in_key_order);
  return ordered;
}

void PortStats::merge(const PortStats& o) {
  flows += o.flows;
  clients.merge(o.clients);
  servers.merge(o.servers);
}

void ServiceStats::merge(const ServiceStats& o) {
  flows += o.flows;
  completed += o.completed;
  clients.merge(o.clients);
  unsolicited_clients.merge(o.unsolicited_clients);
}

void ClientStats::merge(const ClientStats& o) {
  flows += o.flows;
  unanswered += o.unanswered;
  ports.merge(o.ports);
  hosts.merge(o.hosts);
  open_ports.merge(o.open_ports);
}

void TrafficModel::merge(const TrafficModel& other) {
  if (&other == this) {  // the loops below would read what they write
    const TrafficModel copy(other);
    merge(copy);
    return;
  }
  dropped_flows_ += other.dropped_flows_;
  flows_without_client_ += other.flows_without_client_;
  flows_without_service_ += other.flows_without_service_;
  for (const auto& [key, stats] : other.conversations_) merge_conversation(key, stats);
  for (const auto& [key, stats] : other.ports_) merge_port(key, stats);
  for (const auto& [key, stats] : other.services_) merge_service(key, stats);
  for (const auto& [key, stats] : other.clients_) merge_client(key, stats);
}

void TrafficModel::merge_conversation(const ConversationKey& key, const ConversationStats& stats) {
  if (stats.flows == 0) return;  // no flow, nothing to judge
  if (const auto it = conversations_.find(key); it != conversations_.end()) {
    it->second.merge(stats);
  } else if (conversations_.size() < config_.max_conversations) {
    conversations_.try_emplace(key).first->second.merge(stats);
  } else {
    dropped_flows_ += stats.flows;
  }
}

void TrafficModel::merge_port(const PortKey& key, const PortStats& stats) { ports_[key].merge(stats); }

void TrafficModel::merge_service(const ServiceKey& key, const ServiceStats& stats) {
  if (const auto it = services_.find(key); it != services_.end() || services_.size() < config_.max_services) {
    (it != services_.end() ? it->second : services_[key]).merge(stats);
  }
}

void TrafficModel::merge_client(const IpAddress& client, const ClientStats& stats) {
  if (const auto it = clients_.find(client); it != clients_.end() || clients_.size() < config_.max_clients) {
    (it != clients_.end() ? it->second : clients_[client]).merge(stats);
  }
}

const PortStats* TrafficModel::port(const PortKey& k) const {
  const auto it = ports_.find(k);
  return it == ports_.end() ? nullptr : &it->second;
}
const ServiceStats* TrafficModel::service(const ServiceKey& k) const {
  const auto it = services_.find(k);
  return it == services_.end() ? nullptr : &it->second;
}
const ClientStats* TrafficModel::client(const IpAddress& a) const {
  const auto it = clients_.find(a);
  return it == clients_.end() ? nullptr : &it->second;
}

void TrafficModel::prepare_for_readers() const {
  for (const auto& [key, p] : ports_) {
    (void)p.clients.count();
    (void)p.servers.count();
  }
  for (const auto& [key, svc] : services_) {
    (void)svc.clients.count();
    (void)svc.unsolicited_clients.count();
  }
  for (const auto& [key, c] : clients_) {
    (void)c.ports.count();
    (void)c.hosts.count();
    (void)c.open_ports.count();
  }
}

}  // namespace gp
