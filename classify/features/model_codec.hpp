// A traffic model as a compact JSON value, for sensors that ship periodic summaries to a
// collector: arrays rather than objects, so nlohmann::json::to_msgpack packs it small.
// Addresses and sketch registers are binary values, which MessagePack (or CBOR) carries and
// JSON text does not.
//
//   [version, dropped_flows, conversations, ports, services, clients], each table a list of rows:
//   conversation  [client, server, port, ip_proto, flows, completed, answered, rejected, unanswered,
//                  client_data, unsolicited, open_at_end, client_bytes, server_bytes,
//                  max_flow_client_bytes, duration_ns_sum, duration_max, first_start, last_end,
//                  client_protocols, server_protocols, entropy_sum, entropy_samples, high_entropy, starts]
//   port          [port, ip_proto, flows, clients, servers]
//   service       [server, port, ip_proto, flows, completed, clients]
//   client        [address, flows, unanswered, ports, hosts]
//   address       4 or 16 bytes, as on the wire
//   protocols     [[index, count], ...], the nonzero counts only
//   counter       [key, ...] while exact (at most kModelCounterExactLimit: port keys
//                 (ip_proto << 16) | port, addresses IpAddress::hash()), else the
//                 2^kModelCounterPrecision HyperLogLog register bytes
//   times         nanoseconds since the epoch; starts at most ConversationStats::kMaxStarts
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>

#include "classify/features/traffic_model.hpp"

namespace gp {

// 2: sessions, capture artefacts, open ports. 3: counters hold keys (common/distinct_counter),
// not XXH3 hashes of them, and their sketches hash with mix64.
inline constexpr std::uint64_t kModelFormatVersion = 3;

nlohmann::json model_to_json(const TrafficModel& model);

// Decodes a model_to_json() value and merges it into `into` (under into's caps). The input
// comes from the network: anything malformed throws std::runtime_error naming the place
// ("conversations[12][3]: expected an unsigned integer") and leaves `into` unchanged.
void merge_model_json(const nlohmann::json& j, TrafficModel& into);

}  // namespace gp
