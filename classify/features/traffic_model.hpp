// Everything the rules look at, aggregated from finished flows in one pass: conversations
// (client -> service), and the context around each — the port's and the service's other
// users, and the client's behaviour across the capture. Every table has a cap from the
// configuration; what does not fit is counted, never grown into. Models merge: several
// sensors' models add up to the one a single pass over all their flows would have built.
#pragma once

#include <cstdint>
#include <vector>

#include <absl/container/flat_hash_map.h>
#include <absl/container/node_hash_map.h>

#include "capture/flow/conn_record.hpp"
#include "capture/flow/flow.hpp"
#include "classify/features/conversation.hpp"
#include "common/distinct_counter.hpp"

namespace gp {

// The model's distinct counts: exact to 64 values, then 512 registers (4.6 % standard error),
// so a flood of spoofed sources costs each counter at most about 600 bytes.
inline constexpr std::uint32_t kModelCounterExactLimit = 64;
inline constexpr unsigned kModelCounterPrecision = 9;
inline DistinctCounter model_counter() { return DistinctCounter(kModelCounterExactLimit, kModelCounterPrecision); }

struct PortKey {
  std::uint16_t port = 0;
  std::uint8_t ip_proto = 0;
  friend bool operator==(const PortKey&, const PortKey&) = default;
};
struct PortKeyHash {  // mixed: open addressing takes its probe bits from the hash's low bits
  std::size_t operator()(const PortKey& k) const {
    return static_cast<std::size_t>(((std::uint64_t{k.ip_proto} << 16) | k.port) * 0x9e3779b97f4a7c15ULL);
  }
};

struct ServiceKey {
  IpAddress server;
  std::uint16_t port = 0;
  std::uint8_t ip_proto = 0;
  friend bool operator==(const ServiceKey&, const ServiceKey&) = default;
};
struct ServiceKeyHash {
  std::size_t operator()(const ServiceKey& k) const;
};

struct PortStats {
  std::uint64_t flows = 0;
  DistinctCounter clients = model_counter();
  DistinctCounter servers = model_counter();

  void merge(const PortStats& other);
};

struct ServiceStats {
  std::uint64_t flows = 0;
  // The model's conversations counted here: the entry is forgotten with the last of them when
  // they are judged early (erase_conversation). Not merged, not in the summary codec.
  std::uint32_t conversations = 0;
  std::uint64_t completed = 0;
  DistinctCounter clients = model_counter();
  DistinctCounter unsolicited_clients = model_counter();  // hosts it sent replies they never asked for

  void merge(const ServiceStats& other);
};

struct ClientStats {
  std::uint64_t flows = 0;
  std::uint32_t conversations = 0;  // as ServiceStats::conversations
  std::uint64_t unanswered = 0;
  DistinctCounter ports = model_counter();  // (ip_proto << 16) | port
  DistinctCounter hosts = model_counter();
  DistinctCounter open_ports = model_counter();  // (ip_proto << 16) | port of the services that accepted it

  void merge(const ClientStats& other);
};

struct TrafficModelConfig {
  // 200,000: past it analyze judges the quietest conversations early (TrafficAnalyzer), which
  // left every port label of 2 million scan-heavy packets (425,000 conversations) as a
  // 1,000,000 cap did, at a fifth of the model's worst-case memory.
  std::size_t max_conversations = 200'000;
  std::size_t max_clients = 200'000;
  std::size_t max_services = 200'000;
};

class TrafficModel {
 public:
  // Open addressing: one allocation per table, not one per entry (std::unordered_map's
  // malloc, free and cache misses were a fifth of analyze). Entries move when a table
  // grows, so no reference into one is kept across an insertion. Conversations are the
  // exception: at about 400 bytes each, moving them at every doubling cost 7 % of analyze,
  // so they sit in nodes of their own and only the pointers move.
  using Conversations = absl::node_hash_map<ConversationKey, ConversationStats, ConversationKeyHash>;
  using Ports = absl::flat_hash_map<PortKey, PortStats, PortKeyHash>;
  using Services = absl::flat_hash_map<ServiceKey, ServiceStats, ServiceKeyHash>;
  using Clients = absl::flat_hash_map<IpAddress, ClientStats, IpAddressHash>;

  explicit TrafficModel(const TrafficModelConfig& config = {}) : config_(config) {}

  // One finished flow, with the protocols identified in its first payloads (indices into
  // protocol_vocabulary(): client side, server side).
  void add(const Flow& flow, const ConnRecord& record, std::uint8_t client_protocol, std::uint8_t server_protocol);

  // Everything `other` counted, under this model's caps (as add() applies them): a
  // conversation that finds no room is counted in dropped_flows() by its flows.
  void merge(const TrafficModel& other);
  // One entry of another model (what merge() does per entry, for decoders).
  void merge_conversation(const ConversationKey& key, const ConversationStats& stats);
  void merge_port(const PortKey& key, const PortStats& stats);
  void merge_service(const ServiceKey& key, const ServiceStats& stats);
  void merge_client(const IpAddress& client, const ClientStats& stats);
  void add_dropped_flows(std::uint64_t flows) { dropped_flows_ += flows; }
  // Forgets a conversation (judged before the end: TrafficAnalyzer, when the model is full),
  // and its client's and service's statistics when it was the last conversation counted there:
  // a full model then keeps only the hosts of the conversations it holds.
  void erase_conversation(const ConversationKey& key);
  // The conversations to forget when the model is full: the quietest eighth (the earliest
  // last flow end, ties by key, so the choice is the traffic's and not the hash table's), at
  // least one, in key order (ip_proto, port, server, client).
  std::vector<const Conversations::value_type*> quietest_eighth() const;
  // Every conversation, in that key order.
  std::vector<const Conversations::value_type*> conversations_in_key_order() const;

  const Conversations& conversations() const { return conversations_; }
  const Ports& ports() const { return ports_; }
  const Services& services() const { return services_; }
  const Clients& clients() const { return clients_; }
  const PortStats* port(const PortKey& k) const;
  const ServiceStats* service(const ServiceKey& k) const;
  const ClientStats* client(const IpAddress& a) const;

  std::uint64_t dropped_flows() const { return dropped_flows_; }  // over a cap
  // Flows counted without their client's (service's) statistics: that table was full.
  std::uint64_t flows_without_client() const { return flows_without_client_; }
  std::uint64_t flows_without_service() const { return flows_without_service_; }
  const TrafficModelConfig& config() const { return config_; }

  // Computes every distinct count once, so that threads reading the model afterwards (the
  // judgement of TrafficAnalyzer::finish) only read: a sketch caches its estimate on first use.
  void prepare_for_readers() const;

 private:
  TrafficModelConfig config_;
  Conversations conversations_;
  Ports ports_;
  Services services_;
  Clients clients_;
  std::uint64_t dropped_flows_ = 0;
  std::uint64_t flows_without_client_ = 0;
  std::uint64_t flows_without_service_ = 0;
};

}  // namespace gp
