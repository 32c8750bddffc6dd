#include "classify/features/model_codec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace gp {
namespace {

using nlohmann::json;

// Positions in the document and in each row; the encoder writes them in this order.
enum Top : std::size_t { kVersion, kDropped, kConversations, kPorts, kServices, kClients, kTopSize };
constexpr std::array<std::string_view, kTopSize> kTopNames{"version", "dropped_flows", "conversations",
                                                           "ports",   "services",      "clients"};
enum ConversationColumn : std::size_t {
  cClient,
  cServer,
  cPort,
  cIpProto,
  cFlows,
  cCompleted,
  cAnswered,
  cRejected,
  cUnanswered,
  cClientData,
  cUnsolicited,
  cOpenAtEnd,
  cClientBytes,
  cServerBytes,
  cMaxFlowClientBytes,
  cDurationNsSum,
  cDurationMax,
  cFirstStart,
  cLastEnd,
  cClientProtocols,
  cServerProtocols,
  cEntropySum,
  cEntropySamples,
  cHighEntropy,
  cStarts,
  cSessions,
  cDataExchanges,
  cMidstream,
  cOneSided,
  cClientPackets,
  cServerPackets,
  cFirstAnsweredProbe,
  cFirstSession,
  kConversationColumns
};
enum PortColumn : std::size_t { pPort, pIpProto, pFlows, pClients, pServers, kPortColumns };
enum ServiceColumn : std::size_t {
  sServer,
  sPort,
  sIpProto,
  sFlows,
  sCompleted,
  sClients,
  sUnsolicitedClients,
  kServiceColumns
};
enum ClientColumn : std::size_t { lAddress, lFlows, lUnanswered, lPorts, lHosts, lOpenPorts, kClientColumns };

// --- encoding ---

json bytes_value(std::span<const std::uint8_t> bytes) {
  return json::binary(std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
}

json address_value(const IpAddress& a) { return bytes_value(a.wire_bytes()); }

json counter_value(const DistinctCounter& c) {
  if (const HyperLogLog* sketch = c.sketch()) return bytes_value(sketch->registers());
  const auto keys = c.keys();
  return json(std::vector<std::uint64_t>(keys.begin(), keys.end()));
}

json protocols_value(const ProtocolCounts& counts) {
  json out = json::array();
  for (const auto& [protocol, flows] : counts) out.push_back(json::array({protocol, flows}));
  return out;
}

json conversation_row(const ConversationKey& k, const ConversationStats& s) {
  return json::array({address_value(k.client),
                      address_value(k.server),
                      k.port,
                      k.ip_proto,
                      s.flows,
                      s.completed,
                      s.answered,
                      s.rejected,
                      s.unanswered,
                      s.client_data,
                      s.unsolicited,
                      s.open_at_end,
                      s.client_bytes,
                      s.server_bytes,
                      s.max_flow_client_bytes,
                      s.duration_ns_sum,
                      s.duration_max,
                      s.first_start,
                      s.last_end,
                      protocols_value(s.client_protocols),
                      protocols_value(s.server_protocols),
                      s.entropy_sum,
                      s.entropy_samples,
                      s.high_entropy,
                      json(std::vector<TimeNs>(s.starts.begin(), s.starts.end())),
                      s.sessions,
                      s.data_exchanges,
                      s.midstream,
                      s.one_sided,
                      s.client_packets,
                      s.server_packets,
                      s.first_answered_probe,
                      s.first_session});
}

// --- decoding ---

// Where a value sits in the document, spelled out only when something there is wrong.
struct Where {
  const Where* parent = nullptr;
  std::string_view name;  // at the top: the field's name
  std::size_t index = 0;  // below: the position in the parent

  Where at(std::size_t i) const { return Where{this, {}, i}; }
  std::string path() const {
    return parent == nullptr ? std::string(name) : fmt::format("{}[{}]", parent->path(), index);
  }
};

[[noreturn]] void fail(const Where& w, std::string_view what) {
  throw std::runtime_error(fmt::format("{}: {}", w.path(), what));
}

const json& array_value(const json& j, const Where& w, std::size_t min_size, std::size_t max_size) {
  if (!j.is_array()) fail(w, "expected an array");
  if (j.size() < min_size || j.size() > max_size) {
    if (min_size == max_size) fail(w, fmt::format("expected {} elements, got {}", min_size, j.size()));
    fail(w, fmt::format("expected {} to {} elements, got {}", min_size, max_size, j.size()));
  }
  return j;
}

std::uint64_t unsigned_value(const json& j, const Where& w, std::uint64_t max) {
  std::uint64_t v = 0;
  if (j.is_number_unsigned()) {
    v = j.get<std::uint64_t>();
  } else if (j.is_number_integer() && j.get<std::int64_t>() >= 0) {
    v = static_cast<std::uint64_t>(j.get<std::int64_t>());
  } else {
    fail(w, "expected an unsigned integer");
  }
  if (v > max) fail(w, fmt::format("{} is out of range (at most {})", v, max));
  return v;
}

template <class T>
T unsigned_as(const json& j, const Where& w) {
  return static_cast<T>(unsigned_value(j, w, std::numeric_limits<T>::max()));
}

// Times are never negative, so differences between them cannot overflow.
TimeNs time_value(const json& j, const Where& w) {
  return static_cast<TimeNs>(unsigned_value(j, w, std::numeric_limits<TimeNs>::max()));
}

double seconds_value(const json& j, const Where& w) {
  if (!j.is_number()) fail(w, "expected a number");
  const double v = j.get<double>();
  if (!std::isfinite(v) || v < 0.0) fail(w, "expected a finite number, not negative");
  return v;
}

IpAddress address_of(const json& j, const Where& w) {
  if (!j.is_binary()) fail(w, "expected an address as binary bytes");
  const auto& b = j.get_binary();
  if (b.size() == 4) return IpAddress::from_v4(std::span<const std::uint8_t, 4>(b.data(), 4));
  if (b.size() == 16) return IpAddress::from_v6(std::span<const std::uint8_t, 16>(b.data(), 16));
  fail(w, fmt::format("expected 4 or 16 address bytes, got {}", b.size()));
}

DistinctCounter counter_of(const json& j, const Where& w) {
  if (j.is_binary()) {
    const auto& b = j.get_binary();
    constexpr std::size_t kRegisters = std::size_t{1} << kModelCounterPrecision;
    if (b.size() != kRegisters) fail(w, fmt::format("expected {} register bytes, got {}", kRegisters, b.size()));
    std::optional<HyperLogLog> sketch = HyperLogLog::from_registers(b);
    for (std::size_t i = 0; i < b.size(); ++i) {
      if (b[i] > sketch->max_rank()) fail(w.at(i), fmt::format("register value {} is out of range", b[i]));
    }
    return DistinctCounter::from_sketch(std::move(*sketch), kModelCounterExactLimit);
  }
  if (!j.is_array()) fail(w, "expected a counter: an array of keys or register bytes");
  const json& a = array_value(j, w, 0, kModelCounterExactLimit);
  std::vector<std::uint64_t> keys;
  keys.reserve(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) keys.push_back(unsigned_as<std::uint64_t>(a[i], w.at(i)));
  return DistinctCounter::from_keys(keys, kModelCounterExactLimit, kModelCounterPrecision);
}

// One row of a table: an array of exactly `columns` values.
class Row {
 public:
  Row(const json& j, const Where& w, std::size_t columns) : j_(array_value(j, w, columns, columns)), where_(w) {}

  const json& operator[](std::size_t c) const { return j_[c]; }
  Where at(std::size_t c) const { return where_.at(c); }
  template <class T>
  T get(std::size_t c) const {
    return unsigned_as<T>(j_[c], at(c));
  }
  TimeNs time(std::size_t c) const { return time_value(j_[c], at(c)); }
  double seconds(std::size_t c) const { return seconds_value(j_[c], at(c)); }
  IpAddress address(std::size_t c) const { return address_of(j_[c], at(c)); }
  DistinctCounter counter(std::size_t c) const { return counter_of(j_[c], at(c)); }

 private:
  const json& j_;
  const Where& where_;
};

ProtocolCounts protocols_of(const json& j, const Where& w) {
  ProtocolCounts counts;
  const json& pairs = array_value(j, w, 0, kProtocolCount);
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const Where pair_at = w.at(i);
    const Row entry(pairs[i], pair_at, 2);
    const auto index = static_cast<std::size_t>(unsigned_value(entry[0], entry.at(0), kProtocolCount - 1));
    counts.add(static_cast<std::uint8_t>(index), entry.get<std::uint32_t>(1));
  }
  return counts;
}

ConversationStats::StartTimes starts_of(const json& j, const Where& w) {
  const json& a = array_value(j, w, 0, ConversationStats::kMaxStarts);
  ConversationStats::StartTimes starts;
  starts.reserve(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) starts.push_back(time_value(a[i], w.at(i)));
  std::sort(starts.begin(), starts.end());  // what ConversationStats::merge expects
  return starts;
}

void decode_conversation(const Row& r, TrafficModel& out) {
  const ConversationKey key{r.address(cClient), r.address(cServer), r.get<std::uint16_t>(cPort),
                            r.get<std::uint8_t>(cIpProto)};
  ConversationStats s;
  s.flows = r.get<std::uint32_t>(cFlows);
  s.completed = r.get<std::uint32_t>(cCompleted);
  s.answered = r.get<std::uint32_t>(cAnswered);
  s.rejected = r.get<std::uint32_t>(cRejected);
  s.unanswered = r.get<std::uint32_t>(cUnanswered);
  s.client_data = r.get<std::uint32_t>(cClientData);
  s.unsolicited = r.get<std::uint32_t>(cUnsolicited);
  s.open_at_end = r.get<std::uint32_t>(cOpenAtEnd);
  s.client_bytes = r.get<std::uint64_t>(cClientBytes);
  s.server_bytes = r.get<std::uint64_t>(cServerBytes);
  s.max_flow_client_bytes = r.get<std::uint64_t>(cMaxFlowClientBytes);
  s.duration_ns_sum = r.get<std::uint64_t>(cDurationNsSum);
  s.duration_max = r.seconds(cDurationMax);
  s.first_start = r.time(cFirstStart);
  s.last_end = r.time(cLastEnd);
  s.client_protocols = protocols_of(r[cClientProtocols], r.at(cClientProtocols));
  s.server_protocols = protocols_of(r[cServerProtocols], r.at(cServerProtocols));
  s.entropy_sum = r.seconds(cEntropySum);  // not seconds, but the same checks: finite, not negative
  s.entropy_samples = r.get<std::uint32_t>(cEntropySamples);
  s.high_entropy = r.get<std::uint32_t>(cHighEntropy);
  s.starts = starts_of(r[cStarts], r.at(cStarts));
  s.sessions = r.get<std::uint32_t>(cSessions);
  s.data_exchanges = r.get<std::uint32_t>(cDataExchanges);
  s.midstream = r.get<std::uint32_t>(cMidstream);
  s.one_sided = r.get<std::uint32_t>(cOneSided);
  s.client_packets = r.get<std::uint64_t>(cClientPackets);
  s.server_packets = r.get<std::uint64_t>(cServerPackets);
  s.first_answered_probe = r.time(cFirstAnsweredProbe);
  s.first_session = r.time(cFirstSession);
  out.merge_conversation(key, s);
}

void decode_port(const Row& r, TrafficModel& out) {
  PortStats p;
  p.flows = r.get<std::uint64_t>(pFlows);
  p.clients = r.counter(pClients);
  p.servers = r.counter(pServers);
  out.merge_port(PortKey{r.get<std::uint16_t>(pPort), r.get<std::uint8_t>(pIpProto)}, p);
}

void decode_service(const Row& r, TrafficModel& out) {
  ServiceStats s;
  s.flows = r.get<std::uint64_t>(sFlows);
  s.completed = r.get<std::uint64_t>(sCompleted);
  s.clients = r.counter(sClients);
  s.unsolicited_clients = r.counter(sUnsolicitedClients);
  out.merge_service(ServiceKey{r.address(sServer), r.get<std::uint16_t>(sPort), r.get<std::uint8_t>(sIpProto)}, s);
}

void decode_client(const Row& r, TrafficModel& out) {
  ClientStats c;
  c.flows = r.get<std::uint64_t>(lFlows);
  c.unanswered = r.get<std::uint64_t>(lUnanswered);
  c.ports = r.counter(lPorts);
  c.hosts = r.counter(lHosts);
  c.open_ports = r.counter(lOpenPorts);
  out.merge_client(r.address(lAddress), c);
}

void decode_table(const json& doc, Top table, std::size_t columns, void (*decode_row)(const Row&, TrafficModel&),
                  TrafficModel& out) {
  const Where w{nullptr, kTopNames[table], 0};
  const json& rows = array_value(doc[table], w, 0, std::numeric_limits<std::size_t>::max());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Where row_at = w.at(i);
    decode_row(Row(rows[i], row_at, columns), out);
  }
}

}  // namespace

json model_to_json(const TrafficModel& model) {
  json conversations = json::array();
  for (const auto& [key, stats] : model.conversations()) conversations.push_back(conversation_row(key, stats));
  json ports = json::array();
  for (const auto& [key, p] : model.ports()) {
    ports.push_back(json::array({key.port, key.ip_proto, p.flows, counter_value(p.clients), counter_value(p.servers)}));
  }
  json services = json::array();
  for (const auto& [key, s] : model.services()) {
    services.push_back(json::array({address_value(key.server), key.port, key.ip_proto, s.flows, s.completed,
                                    counter_value(s.clients), counter_value(s.unsolicited_clients)}));
  }
  json clients = json::array();
  for (const auto& [address, c] : model.clients()) {
    clients.push_back(json::array({address_value(address), c.flows, c.unanswered, counter_value(c.ports),
                                   counter_value(c.hosts), counter_value(c.open_ports)}));
  }
  return json::array({kModelFormatVersion, model.dropped_flows(), std::move(conversations), std::move(ports),
                      std::move(services), std::move(clients)});
}

void merge_model_json(const json& j, TrafficModel& into) {
  const json& doc = array_value(j, Where{nullptr, "model", 0}, kTopSize, kTopSize);
  const Where version_at{nullptr, kTopNames[kVersion], 0};
  if (const std::uint64_t v = unsigned_value(doc[kVersion], version_at, std::numeric_limits<std::uint64_t>::max());
      v != kModelFormatVersion) {
    fail(version_at, fmt::format("format version {} is not {}", v, kModelFormatVersion));
  }
  // Decoded whole first, so that a malformed summary changes nothing; no caps here, the
  // input's size bounds it, and `into` applies its own.
  constexpr std::size_t kNoCap = std::numeric_limits<std::size_t>::max();
  TrafficModel decoded(TrafficModelConfig{.max_conversations = kNoCap, .max_clients = kNoCap, .max_services = kNoCap});
  decoded.add_dropped_flows(unsigned_as<std::uint64_t>(doc[kDropped], Where{nullptr, kTopNames[kDropped], 0}));
  decode_table(doc, kConversations, kConversationColumns, decode_conversation, decoded);
  decode_table(doc, kPorts, kPortColumns, decode_port, decoded);
  decode_table(doc, kServices, kServiceColumns, decode_service, decoded);
  decode_table(doc, kClients, kClientColumns, decode_client, decoded);
  into.merge(decoded);
}

}  // namespace gp
