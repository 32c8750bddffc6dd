// Traffic models merged from several sensors: two models, each fed part of the flows, merge
// into the model one pass over all of them builds — every count exactly, the earliest start
// times whatever order flows ended in, distinct counts within the sketch's error once past
// its exact limit — and the same after a trip through the MessagePack codec, which rejects
// malformed summaries with the place named and the target model untouched.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "classify/features/model_codec.hpp"
#include "classify/features/traffic_model.hpp"
#include "tests/unit/classify/features/flow_builder.hpp"

namespace gp {
namespace {

using nlohmann::json;
using test::FlowBuilder;

struct Fed {
  FlowBuilder flow;
  std::uint8_t client_protocol = 0;
  std::uint8_t server_protocol = 0;
  bool to_a = true;  // which sensor saw it
};

void feed(TrafficModel& model, const std::vector<Fed>& flows, int side) {  // side: 0 A, 1 B, 2 both
  for (const Fed& f : flows) {
    if (side == 2 || f.to_a == (side == 0))
      model.add(f.flow.flow(), f.flow.record(), f.client_protocol, f.server_protocol);
  }
}

std::string dotted(int a, int b, int c, int d) {
  return std::to_string(a) + "." + std::to_string(b) + "." + std::to_string(c) + "." + std::to_string(d);
}

constexpr int kBigFlows = 600;

// One busy conversation (600 flows, ending in an order unlike their starts, sides
// interleaved), plus refused, unanswered, UDP and backscatter traffic around it.
std::vector<Fed> mixed_traffic() {
  std::vector<Fed> out;
  for (int i = 0; i < kBigFlows; ++i) {
    const double start = (i * 7 % kBigFlows) + 0.001 * i;  // a permutation: ends are not in start order
    const auto client_port = static_cast<std::uint16_t>(40000 + i);
    FlowBuilder f = i % 4 == 3 ? test::tcp_refused("10.0.0.5", client_port, "10.0.0.9", 3206, start)
                               : test::tcp_session("10.0.0.5", client_port, "10.0.0.9", 3206,
                                                   static_cast<std::uint64_t>(10 + i), 7, start);
    f.at(start, 0.25 * (i % 5) + 0.000123 * i);
    if (i % 6 == 0) f.orig_payload(test::random_bytes(300, static_cast<std::uint32_t>(i + 1)));
    out.push_back({f, static_cast<std::uint8_t>(static_cast<std::size_t>(i) % kProtocolCount),
                   static_cast<std::uint8_t>(i % 3), i % 3 != 1});
  }
  for (int c = 1; c <= 30; ++c) {
    const std::string client = dotted(10, 1, 0, c);
    out.push_back({test::tcp_session(client, 41000, "10.0.0.9", 22, 300, 900, c), 5, 5, c % 2 == 0});
    out.push_back({test::tcp_unanswered(client, 41001, "10.0.0.10", 80, c + 0.5), 0, 0, c % 3 == 0});
    FlowBuilder dns(client, 53000, "10.0.0.53", 53, 17);
    dns.bytes(40, c % 4 == 0 ? 0 : 120).pkts(1, c % 4 == 0 ? 0 : 1).at(c + 0.7, 0.01);
    out.push_back({dns, 3, 3, c % 2 == 1});
  }
  FlowBuilder rst("203.0.113.134", 3255, "10.20.2.139", 40002);  // backscatter: no client entry
  rst.history("R").state(ConnState::OTH).pkts(1, 0).at(50.0);
  out.push_back({rst, 0, 0, true});
  out.push_back({rst, 0, 0, false});
  return out;
}

void expect_same_counter(const DistinctCounter& got, const DistinctCounter& want, const std::string& what) {
  EXPECT_EQ(got.exact(), want.exact()) << what;
  EXPECT_EQ(got.count(), want.count()) << what;
}

void expect_same_stats(const ConversationStats& g, const ConversationStats& w, const std::string& what) {
  EXPECT_EQ(g.flows, w.flows) << what;
  EXPECT_EQ(g.completed, w.completed) << what;
  EXPECT_EQ(g.answered, w.answered) << what;
  EXPECT_EQ(g.rejected, w.rejected) << what;
  EXPECT_EQ(g.unanswered, w.unanswered) << what;
  EXPECT_EQ(g.client_data, w.client_data) << what;
  EXPECT_EQ(g.unsolicited, w.unsolicited) << what;
  EXPECT_EQ(g.open_at_end, w.open_at_end) << what;
  EXPECT_EQ(g.client_bytes, w.client_bytes) << what;
  EXPECT_EQ(g.server_bytes, w.server_bytes) << what;
  EXPECT_EQ(g.max_flow_client_bytes, w.max_flow_client_bytes) << what;
  EXPECT_EQ(g.duration_ns_sum, w.duration_ns_sum) << what;
  EXPECT_EQ(g.duration_max, w.duration_max) << what;
  EXPECT_EQ(g.first_start, w.first_start) << what;
  EXPECT_EQ(g.last_end, w.last_end) << what;
  EXPECT_EQ(g.client_protocols, w.client_protocols) << what;
  EXPECT_EQ(g.server_protocols, w.server_protocols) << what;
  EXPECT_NEAR(g.entropy_sum, w.entropy_sum, 1e-9) << what;  // a double sum: order may move the last bit
  EXPECT_EQ(g.entropy_samples, w.entropy_samples) << what;
  EXPECT_EQ(g.high_entropy, w.high_entropy) << what;
  EXPECT_EQ(g.starts, w.starts) << what;
}

std::string name_of(const ConversationKey& k) {
  return k.client.to_string() + " -> " + k.server.to_string() + ":" + std::to_string(k.port) + "/" +
         std::to_string(k.ip_proto);
}

void expect_same_model(const TrafficModel& got, const TrafficModel& want) {
  EXPECT_EQ(got.dropped_flows(), want.dropped_flows());
  ASSERT_EQ(got.conversations().size(), want.conversations().size());
  for (const auto& [key, stats] : want.conversations()) {
    const auto it = got.conversations().find(key);
    ASSERT_NE(it, got.conversations().end()) << name_of(key);
    expect_same_stats(it->second, stats, name_of(key));
  }
  ASSERT_EQ(got.ports().size(), want.ports().size());
  for (const auto& [key, p] : want.ports()) {
    const PortStats* g = got.port(key);
    ASSERT_NE(g, nullptr) << key.port;
    EXPECT_EQ(g->flows, p.flows) << key.port;
    expect_same_counter(g->clients, p.clients, "port clients " + std::to_string(key.port));
    expect_same_counter(g->servers, p.servers, "port servers " + std::to_string(key.port));
  }
  ASSERT_EQ(got.services().size(), want.services().size());
  for (const auto& [key, s] : want.services()) {
    const ServiceStats* g = got.service(key);
    ASSERT_NE(g, nullptr) << key.server.to_string() << ":" << key.port;
    EXPECT_EQ(g->flows, s.flows);
    EXPECT_EQ(g->completed, s.completed);
    expect_same_counter(g->clients, s.clients, "service clients " + key.server.to_string());
  }
  ASSERT_EQ(got.clients().size(), want.clients().size());
  for (const auto& [address, c] : want.clients()) {
    const ClientStats* g = got.client(address);
    ASSERT_NE(g, nullptr) << address.to_string();
    EXPECT_EQ(g->flows, c.flows);
    EXPECT_EQ(g->unanswered, c.unanswered);
    expect_same_counter(g->ports, c.ports, "client ports " + address.to_string());
    expect_same_counter(g->hosts, c.hosts, "client hosts " + address.to_string());
  }
}

json through_msgpack(const TrafficModel& model) { return json::from_msgpack(json::to_msgpack(model_to_json(model))); }

const ConversationKey kBig{test::ip("10.0.0.5"), test::ip("10.0.0.9"), 3206, 6};

TEST(TrafficModelMerge, TwoSensorsAddUpToOnePass) {
  const std::vector<Fed> flows = mixed_traffic();
  TrafficModel a;
  TrafficModel b;
  TrafficModel all;
  feed(a, flows, 0);
  feed(b, flows, 1);
  feed(all, flows, 2);
  TrafficModel merged;
  merged.merge(a);
  merged.merge(b);
  expect_same_model(merged, all);

  // Not a comparison of two wrong models: the busy conversation holds what was fed.
  const ConversationStats& big = merged.conversations().at(kBig);
  EXPECT_EQ(big.flows, static_cast<std::uint32_t>(kBigFlows));
  EXPECT_EQ(big.rejected, static_cast<std::uint32_t>(kBigFlows / 4));
  ASSERT_EQ(big.starts.size(), ConversationStats::kMaxStarts);
  EXPECT_TRUE(std::is_sorted(big.starts.begin(), big.starts.end()));
  EXPECT_EQ(big.starts.front(), 0);  // flow 0 starts at 0 s
  // The earliest 256: flow i starts at (7 i mod 600) s + i ms, so the 256th is at 255 s.
  const int last_kept = 255 * 343 % kBigFlows;  // 343 = 7^-1 mod 600
  EXPECT_EQ(last_kept * 7 % kBigFlows, 255);
  const double last_kept_s = (last_kept * 7 % kBigFlows) + 0.001 * last_kept;  // as mixed_traffic() says
  EXPECT_EQ(big.starts.back(), static_cast<TimeNs>(last_kept_s * static_cast<double>(test::kSecond)));
  EXPECT_EQ(a.conversations().at(kBig).starts.size(), ConversationStats::kMaxStarts);
  EXPECT_EQ(b.conversations().at(kBig).starts.size(), 200U);
  EXPECT_EQ(merged.port(PortKey{22, 6})->flows, 30U);
  EXPECT_EQ(merged.port(PortKey{53, 17})->clients.count(), 30U);
  EXPECT_EQ(merged.clients().size(), 31U);  // not the backscatter's receiver
  EXPECT_EQ(merged.conversations().size(), 1U + 3U * 30U + 1U);
}

TEST(TrafficModelMerge, StartsAreTheEarliestWhateverOrderFlowsEndIn) {
  ConversationStats forward;
  ConversationStats backward;
  for (int i = 0; i < 400; ++i) {
    forward.add_start(i * test::kSecond);
    backward.add_start((399 - i) * test::kSecond);
  }
  ASSERT_EQ(forward.starts.size(), ConversationStats::kMaxStarts);
  EXPECT_EQ(forward.starts, backward.starts);
  EXPECT_EQ(backward.starts.back(), 255 * test::kSecond);
}

TEST(TrafficModelMerge, RoundTripThroughMessagePackMergesTheSame) {
  const std::vector<Fed> flows = mixed_traffic();
  TrafficModel a;
  TrafficModel b;
  TrafficModel all;
  feed(a, flows, 0);
  feed(b, flows, 1);
  feed(all, flows, 2);
  TrafficModel collected;
  merge_model_json(through_msgpack(a), collected);
  merge_model_json(through_msgpack(b), collected);
  expect_same_model(collected, all);
  EXPECT_EQ(collected.conversations().at(kBig).flows, static_cast<std::uint32_t>(kBigFlows));
  // Arrays pack small: the busy conversation's 256 start times take about 2.3 KB, the 91
  // others and the port, service and client tables about 100-120 bytes a row (format 2
  // adds sessions, capture artefacts and open-port counters).
  EXPECT_LT(json::to_msgpack(model_to_json(all)).size(), 18'000U);
}

TEST(TrafficModelMerge, SelfMergeDoublesEveryCount) {
  const std::vector<Fed> flows = mixed_traffic();
  TrafficModel m;
  feed(m, flows, 2);
  m.merge(m);
  EXPECT_EQ(m.conversations().at(kBig).flows, 2U * kBigFlows);
  EXPECT_EQ(m.port(PortKey{22, 6})->flows, 60U);
  EXPECT_EQ(m.port(PortKey{22, 6})->clients.count(), 30U);
}

// 5,000 clients of one service and one scanner touching 4,000 hosts and ports, split
// between the sensors: past the exact limit, the merged sketches equal the one-pass ones
// (registers take the maximum) and stay within 3 standard errors of the truth.
TEST(TrafficModelMerge, DistinctCountsPastTheExactLimitStayWithinTheSketchError) {
  std::vector<Fed> flows;
  for (int i = 0; i < 5000; ++i) {
    flows.push_back(
        {test::tcp_session(dotted(172, 16, i / 256, i % 256), 40000, "10.0.0.9", 3389, 10, 10, i), 0, 0, i % 2 == 0});
  }
  for (int i = 0; i < 4000; ++i) {
    flows.push_back({test::tcp_unanswered("203.0.113.7", 50000, dotted(10, 2, i / 256, i % 256),
                                          static_cast<std::uint16_t>(1 + i), i),
                     0, 0, i % 3 == 0});
  }
  TrafficModel a;
  TrafficModel b;
  TrafficModel all;
  feed(a, flows, 0);
  feed(b, flows, 1);
  feed(all, flows, 2);
  TrafficModel merged;
  merged.merge(a);
  merged.merge(b);
  TrafficModel collected;
  merge_model_json(through_msgpack(a), collected);
  merge_model_json(through_msgpack(b), collected);
  for (const TrafficModel* m : {&merged, &collected}) {
    const DistinctCounter& clients = m->port(PortKey{3389, 6})->clients;
    EXPECT_FALSE(clients.exact());
    EXPECT_NEAR(static_cast<double>(clients.count()), 5000.0, 3 * 0.046 * 5000.0);
    EXPECT_EQ(clients.count(), all.port(PortKey{3389, 6})->clients.count());
    const ClientStats* scanner = m->client(test::ip("203.0.113.7"));
    ASSERT_NE(scanner, nullptr);
    EXPECT_EQ(scanner->flows, 4000U);
    EXPECT_NEAR(static_cast<double>(scanner->hosts.count()), 4000.0, 3 * 0.046 * 4000.0);
    EXPECT_NEAR(static_cast<double>(scanner->ports.count()), 4000.0, 3 * 0.046 * 4000.0);
    EXPECT_EQ(scanner->hosts.count(), all.client(test::ip("203.0.113.7"))->hosts.count());
    EXPECT_EQ(m->service(ServiceKey{test::ip("10.0.0.9"), 3389, 6})->clients.count(), clients.count());
    EXPECT_EQ(m->port(PortKey{3389, 6})->servers.count(), 2U);  // 10.0.0.9 and the scanner's 3,389th target
    EXPECT_TRUE(m->port(PortKey{3389, 6})->servers.exact());
  }
  expect_same_model(collected, all);
}

TEST(TrafficModelMerge, DistinctCountsStayExactWhileTheUnionIsSmall) {
  const auto counter_of = [](int from, int to) {
    DistinctCounter c = model_counter();
    for (int i = from; i < to; ++i) c.add(static_cast<std::uint64_t>(i));
    return c;
  };
  DistinctCounter small = counter_of(0, 40);
  small.merge(counter_of(20, 60));
  EXPECT_TRUE(small.exact());
  EXPECT_EQ(small.count(), 60U);
  DistinctCounter past = counter_of(0, 50);
  past.merge(counter_of(30, 80));
  EXPECT_FALSE(past.exact());
  EXPECT_EQ(past.count(), counter_of(0, 80).count());
  EXPECT_NEAR(static_cast<double>(past.count()), 80.0, 3 * 0.046 * 80.0);
}

TEST(TrafficModelMerge, CapsApplyAsInAdd) {
  TrafficModel a;
  for (std::uint16_t port = 1; port <= 3; ++port) {
    for (int i = 0; i < port; ++i) {  // port n: n flows
      const auto f = test::tcp_refused("203.0.113.9", static_cast<std::uint16_t>(50000 + i), "10.0.0.5", port, i);
      a.add(f.flow(), f.record(), 0, 0);
    }
  }
  TrafficModel capped(TrafficModelConfig{.max_conversations = 1, .max_clients = 0, .max_services = 2});
  capped.merge(a);
  ASSERT_EQ(capped.conversations().size(), 1U);
  EXPECT_EQ(capped.dropped_flows(), 6U - capped.conversations().begin()->second.flows);
  EXPECT_EQ(capped.ports().size(), 3U);  // no cap
  EXPECT_EQ(capped.services().size(), 2U);
  EXPECT_TRUE(capped.clients().empty());
}

// --- malformed summaries ---

TrafficModel small_model() {
  TrafficModel m;
  auto f = test::tcp_session("10.0.0.5", 40000, "10.0.0.9", 3206, 300, 10, 1.0);
  f.orig_payload(test::random_bytes(300));
  m.add(f.flow(), f.record(), 2, 2);
  return m;
}

std::string error_of(const json& j, TrafficModel& into) {
  try {
    merge_model_json(j, into);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "(no error)";
}

json with(json j, const std::string& at, json value) {
  j[json::json_pointer(at)] = std::move(value);
  return j;
}

TEST(ModelCodec, MalformedInputIsRejectedWithItsPlaceAndChangesNothing) {
  const json good = through_msgpack(small_model());
  TrafficModel into;
  merge_model_json(good, into);
  ASSERT_EQ(into.conversations().size(), 1U);

  json truncated = good;
  truncated.erase(5);
  json short_row = good;
  short_row[2][0].erase(32);
  const std::vector<std::pair<json, std::string>> cases{
      {json::object(), "model: expected an array"},
      {truncated, "model: expected 6 elements, got 5"},
      {with(good, "/0", 1), "version: format version 1 is not 3"},
      {with(good, "/1", -3), "dropped_flows: expected an unsigned integer"},
      {with(good, "/2", "x"), "conversations: expected an array"},
      {short_row, "conversations[0]: expected 33 elements, got 32"},
      {with(good, "/2/0/4", "many"), "conversations[0][4]: expected an unsigned integer"},
      {with(good, "/2/0/4", 1.5), "conversations[0][4]: expected an unsigned integer"},
      {with(good, "/2/0/4", 5'000'000'000ULL), "conversations[0][4]: 5000000000 is out of range"},
      {with(good, "/2/0/2", 70000), "conversations[0][2]: 70000 is out of range (at most 65535)"},
      {with(good, "/2/0/19", json::parse("[[27, 1]]")), "conversations[0][19][0][0]: 27 is out of range (at most 26)"},
      {with(good, "/2/0/20", json::parse("[[1]]")), "conversations[0][20][0]: expected 2 elements, got 1"},
      {with(good, "/2/0/0", json::binary({1, 2, 3, 4, 5})),
       "conversations[0][0]: expected 4 or 16 address bytes, got 5"},
      {with(good, "/2/0/1", "10.0.0.9"), "conversations[0][1]: expected an address as binary bytes"},
      {with(good, "/2/0/16", std::nan("")), "conversations[0][16]: expected a finite number"},
      {with(good, "/2/0/17", -1), "conversations[0][17]: expected an unsigned integer"},
      {with(good, "/2/0/24", json(std::vector<std::int64_t>(300, 1))),
       "conversations[0][24]: expected 0 to 256 elements, got 300"},
      {with(good, "/3/0/3", json::binary({1, 2, 3})), "ports[0][3]: expected 512 register bytes, got 3"},
      {with(good, "/3/0/4", json(std::vector<std::uint64_t>(10'000, 7))),
       "ports[0][4]: expected 0 to 64 elements, got 10000"},
      {with(good, "/3/0/3", json::parse("[1, \"two\"]")), "ports[0][3][1]: expected an unsigned integer"},
      {with(good, "/4/0", "x"), "services[0]: expected an array"},
      {with(good, "/5/0/3", json::binary(std::vector<std::uint8_t>(512, 200))),
       "clients[0][3][0]: register value 200 is out of range"},
      {with(good, "/5/0/4", json::object()), "clients[0][4]: expected a counter: an array of keys or register bytes"},
  };
  for (const auto& [input, message] : cases) {
    const std::string error = error_of(input, into);
    EXPECT_EQ(error.substr(0, message.size()), message) << error;
    // Decoded whole before merging: the earlier, valid tables were not merged either.
    EXPECT_EQ(into.conversations().at(kBig).flows, 1U) << message;
    EXPECT_EQ(into.port(PortKey{3206, 6})->flows, 1U) << message;
  }
}

// Every byte of a packed summary changed, and every prefix of it: the decoder either takes
// it or says why, with nothing but std::runtime_error.
TEST(ModelCodec, CorruptedMessagePackNeverCrashes) {
  const std::vector<std::uint8_t> packed = json::to_msgpack(model_to_json(small_model()));
  TrafficModel into;
  std::size_t rejected = 0;
  const auto try_merge = [&](const std::vector<std::uint8_t>& bytes) {
    const json j = json::from_msgpack(bytes, true, false);
    if (j.is_discarded()) return;
    try {
      merge_model_json(j, into);
    } catch (const std::runtime_error&) {
      ++rejected;
    }
  };
  for (std::size_t i = 0; i < packed.size(); ++i) {
    for (const std::uint8_t v :
         std::array<std::uint8_t, 10>{0x00, 0x01, 0x7f, 0x80, 0xc4, 0xcb, 0xcc, 0xd3, 0xdc, 0xff}) {
      std::vector<std::uint8_t> bytes = packed;
      bytes[i] = v;
      try_merge(bytes);
    }
    try_merge(std::vector<std::uint8_t>(packed.begin(), packed.begin() + static_cast<std::ptrdiff_t>(i)));
  }
  EXPECT_GT(rejected, 50U);  // most single-byte changes still parse as MessagePack
}

}  // namespace
}  // namespace gp
