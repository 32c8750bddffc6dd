// The flow table's bookkeeping: UDP accounting, timeouts and the memory cap.
#include <algorithm>
#include <vector>

#include <gtest/gtest.h>

#include "capture/flow/flow_table.hpp"
#include "tests/support/addresses.hpp"
#include "tests/unit/capture/flow/collecting_sink.hpp"
#include "tests/unit/capture/flow/packet_builder.hpp"

namespace gp {

TEST(FlowTable, UdpRequestAndReplyIsSF) {
  test::CollectingSink sink;
  FlowTable table({}, sink);
  const test::Endpoint client{test::v4("10.0.0.1"), 40001};
  const test::Endpoint server{test::v4("10.0.0.2"), 3255};
  table.process(test::udp(0, client, server, 30));
  table.process(test::udp(100, server, client, 70));
  table.flush();
  ASSERT_EQ(sink.records.size(), 1U);
  EXPECT_EQ(sink.records[0].state, ConnState::SF);
  EXPECT_EQ(sink.records[0].history, "Dd");
  EXPECT_EQ(sink.records[0].orig_bytes, 30U);
  EXPECT_EQ(sink.records[0].resp_bytes, 70U);
  EXPECT_EQ(sink.records[0].orig_ip_bytes, 58U);
}

TEST(FlowTable, UdpReplyFromServerPortFlips) {
  test::CollectingSink sink;
  FlowTable table({}, sink);
  const test::Endpoint dns{test::v4("10.0.0.53"), 53};
  const test::Endpoint client{test::v4("10.0.0.1"), 40000};
  table.process(test::udp(0, dns, client, 80));
  table.flush();
  ASSERT_EQ(sink.records.size(), 1U);
  EXPECT_EQ(sink.records[0].orig_h, client.addr);
  EXPECT_EQ(sink.records[0].history, "^d");
  EXPECT_EQ(sink.records[0].state, ConnState::SHR);
}

TEST(FlowTable, UdpInactivityEndsFlow) {
  test::CollectingSink sink;
  FlowTable table({}, sink);
  const test::Endpoint a{test::v4("10.0.0.1"), 1111};
  const test::Endpoint b{test::v4("10.0.0.2"), 2222};
  const test::Endpoint c{test::v4("10.0.0.3"), 3333};
  table.process(test::udp(0, a, b, 1));
  table.process(test::udp(61'000'000, c, b, 1));  // 61 s later, another flow
  EXPECT_EQ(sink.records.size(), 1U);
  table.process(test::udp(62'000'000, a, b, 1));  // same tuple again: a new connection
  table.flush();
  EXPECT_EQ(sink.records.size(), 3U);
}

TEST(FlowTable, CapEvictsLeastRecentlyActiveAndCounts) {
  test::CollectingSink sink;
  FlowTableConfig config;
  config.max_flows = 100;
  FlowTable table(config, sink);
  const test::Endpoint server{test::v4("10.0.0.2"), 3255};
  for (std::uint16_t i = 0; i < 1000; ++i) {
    // Two SYNs each (a retransmission): flows of one packet would hold only a quarter of it.
    const test::Endpoint client{test::v4("192.0.2.1"), static_cast<std::uint16_t>(1024 + i)};
    table.process(test::tcp(i, client, server, test::f::S, i * 7U, 0));
    table.process(test::tcp(i, client, server, test::f::S, i * 7U, 0));
    ASSERT_LE(table.size(), 100U);
  }
  EXPECT_EQ(table.stats().flows_evicted, 900U);
  EXPECT_EQ(sink.records.size(), 900U);
  EXPECT_EQ(sink.records.front().end, FlowEnd::evicted);
  EXPECT_EQ(sink.records.front().orig_p, 1024);  // the oldest went first
  table.flush();
  EXPECT_EQ(sink.records.size(), 1000U);
}

// An established SSH session from 10.0.0.1:40001, three packets; returns its client.
test::Endpoint open_session(FlowTable& table) {
  const test::Endpoint client{test::v4("10.0.0.1"), 40001};
  const test::Endpoint server{test::v4("10.0.0.2"), 22};
  table.process(test::tcp(0, client, server, test::f::S, 1000, 0));
  table.process(test::tcp(10, server, client, test::f::SA, 5000, 1001));
  table.process(test::tcp(20, client, server, test::f::A, 1001, 5001));
  return client;
}

// `flows` flows from distinct spoofed sources to 10.0.0.3:3255, `syns_each` SYNs each; after
// each flow the table holds at most `most_open`.
void flood_syns(FlowTable& table, std::uint32_t flows, int syns_each, std::size_t most_open) {
  const test::Endpoint victim{test::v4("10.0.0.3"), 3255};
  for (std::uint32_t i = 0; i < flows; ++i) {
    const test::Endpoint spoofed{test::ipv4(0xC6120000U + i), static_cast<std::uint16_t>(1024 + i)};
    for (int k = 0; k < syns_each; ++k) table.process(test::tcp(100 + i, spoofed, victim, test::f::S, i, 0));
    ASSERT_LE(table.size(), most_open);
  }
}

// `flows` one-way UDP flows of two packets each to 10.0.0.4:514, as a tap of one direction
// sees them, from time `t0_us` on.
void one_way_flows(FlowTable& table, std::uint16_t flows, std::int64_t t0_us) {
  const test::Endpoint server{test::v4("10.0.0.4"), 514};
  for (std::uint16_t i = 0; i < flows; ++i) {
    const test::Endpoint sender{test::v4("10.0.1.1"), static_cast<std::uint16_t>(30000 + i)};
    table.process(test::udp(t0_us + i, sender, server, 100));
    table.process(test::udp(t0_us + i, sender, server, 100));
  }
}

// While flows that never saw an answer fill a sixteenth of a full table or more, it ends those
// first: a session that has gone quiet keeps its place while a flood of spoofed SYNs passes
// through the cap (plain LRU order would have ended it at the flood's 100th packet).
TEST(FlowTable, CapEndsUnansweredFlowsBeforeAnIdleSession) {
  test::CollectingSink sink;
  FlowTableConfig config;
  config.max_flows = 100;
  FlowTable table(config, sink);
  const test::Endpoint client = open_session(table);
  const test::Endpoint server{test::v4("10.0.0.2"), 22};
  // Two SYNs each: flows of one packet would not fill the table
  // (SinglePacketFlowsHoldAQuarterOfTheTable).
  flood_syns(table, 1000, 2, 100);
  EXPECT_EQ(table.stats().flows_evicted, 901U);
  for (const ConnRecord& r : sink.records) {
    ASSERT_EQ(r.end, FlowEnd::evicted);
    ASSERT_NE(r.orig_h, client.addr);
  }
  table.process(test::tcp(2000, client, server, test::f::PA, 1001, 5001, 10));
  table.flush();
  ASSERT_EQ(sink.records.size(), 1001U);
  const ConnRecord& session = sink.records.back();  // the most recently active, so ended last
  EXPECT_EQ(session.orig_h, client.addr);
  EXPECT_EQ(session.end, FlowEnd::end_of_input);
  EXPECT_EQ(session.history, "ShAD");
  EXPECT_EQ(session.orig_pkts, 3U);
}

// A query waiting for its answer is not what a full table ends while unanswered flows are a
// small share of it: the least recently active flow goes, as ever, and the query's answer
// still joins it (early drop here would have split it in two).
TEST(FlowTable, CapKeepsAQueryInFlightWhenFewFlowsAreUnanswered) {
  test::CollectingSink sink;
  FlowTableConfig config;
  config.max_flows = 100;
  FlowTable table(config, sink);
  const test::Endpoint server{test::v4("10.0.0.2"), 53};
  const auto client = [](int i) { return test::Endpoint{test::v4("10.0.0.1"), static_cast<std::uint16_t>(40000 + i)}; };
  for (int i = 0; i < 99; ++i) {
    table.process(test::udp(2 * i, client(i), server, 30));
    table.process(test::udp(2 * i + 1, server, client(i), 60));
  }
  table.process(test::udp(1000, client(99), server, 30));   // in flight: the table is full
  table.process(test::udp(1001, client(100), server, 30));  // makes room
  table.process(test::udp(1002, server, client(99), 60));   // the answer
  ASSERT_EQ(sink.records.size(), 1U);                       // the oldest answered exchange
  EXPECT_EQ(sink.records[0].orig_p, 40000);
  EXPECT_EQ(sink.records[0].end, FlowEnd::evicted);
  table.flush();
  const auto query =
      std::find_if(sink.records.begin(), sink.records.end(), [](const ConnRecord& r) { return r.orig_p == 40099; });
  ASSERT_NE(query, sink.records.end());
  EXPECT_EQ(query->history, "Dd");
  EXPECT_EQ(
      std::count_if(sink.records.begin(), sink.records.end(), [](const ConnRecord& r) { return r.orig_p == 40099; }),
      1);
}

// Flows of one packet that never saw an answer (a flood's spoofed SYNs) may hold a quarter of
// the table before it is full: past that each new flow ends the oldest of them. An answered
// session keeps its place, and flows of several packets still get the rest of the table.
TEST(FlowTable, SinglePacketFlowsHoldAQuarterOfTheTable) {
  test::CollectingSink sink;
  FlowTableConfig config;
  config.max_flows = 100;
  FlowTable table(config, sink);
  const test::Endpoint client = open_session(table);
  flood_syns(table, 1000, 1, 26);
  EXPECT_EQ(table.stats().flows_evicted, 975U);
  EXPECT_EQ(table.stats().single_packet_evicted, 975U);
  ASSERT_EQ(sink.records.size(), 975U);
  EXPECT_EQ(sink.records.front().orig_p, 1024);  // the oldest went first
  for (const ConnRecord& r : sink.records) ASSERT_NE(r.orig_h, client.addr);
  // A second packet takes a flow out of the quarter: of 74 one-way flows of two packets each,
  // only the first, arriving while the quarter is full, ends one more SYN.
  one_way_flows(table, 74, 2000);
  EXPECT_EQ(table.size(), 1U + 24U + 74U);
  EXPECT_EQ(table.stats().flows_evicted, 976U);
}

// A one-way tap sees no answers, but its flows have several packets each: they fill the whole
// table before anything ends, as they did before the quarter for single packets.
TEST(FlowTable, OneWayFlowsOfSeveralPacketsFillTheWholeTable) {
  test::CollectingSink sink;
  FlowTableConfig config;
  config.max_flows = 100;
  FlowTable table(config, sink);
  one_way_flows(table, 150, 0);
  EXPECT_EQ(table.size(), 100U);
  EXPECT_EQ(table.stats().flows_evicted, 50U);
  EXPECT_EQ(table.stats().single_packet_evicted, 0U);
}

// The answered and unanswered flows are kept apart, but the end of input and the interim
// records still visit them by last activity, as one list did.
TEST(FlowTable, EndOfInputOrderIsLastActivityAcrossAnsweredAndUnanswered) {
  test::CollectingSink sink;
  FlowTable table({}, sink);
  const test::Endpoint server{test::v4("10.0.0.2"), 53};
  const auto client = [](int i) { return test::Endpoint{test::v4("10.0.0.1"), static_cast<std::uint16_t>(40000 + i)}; };
  for (int i = 0; i < 6; ++i) table.process(test::udp(i, client(i), server, 30));
  table.process(test::udp(10, server, client(2), 60));  // answered
  table.process(test::udp(11, client(3), server, 30));  // still unanswered
  table.process(test::udp(12, server, client(0), 60));  // answered
  // Unanswered 1, 4, 5, 3; answered 2, 0: by last activity 1, 4, 5, 2, 3, 0.
  const std::vector<std::uint16_t> expected{40001, 40004, 40005, 40002, 40003, 40000};
  std::vector<std::uint16_t> visited;
  table.for_each_open([&](const Flow& flow) { visited.push_back(flow.orig_p); });
  EXPECT_EQ(visited, expected);
  table.flush();
  std::vector<std::uint16_t> ended;
  for (const ConnRecord& r : sink.records) ended.push_back(r.orig_p);
  EXPECT_EQ(ended, expected);
}

// A flood of one-SYN flows past the cap leaves three timers per evicted flow stale in the
// queue. The queue is swept before it doubles, so it holds room for about 4/3 of the live
// timers (the next power of two), not twice them; and the live timers still fire.
TEST(FlowTable, FloodOfEvictedFlowsDoesNotGrowTheTimerQueue) {
  test::CollectingSink sink;
  FlowTableConfig config;
  // One-SYN flows hold a quarter of the table, 3,000 flows with 9,000 live timers: 12,000 fit
  // in 16,384, twice them do not.
  config.max_flows = 12'000;
  FlowTable table(config, sink);
  const test::Endpoint server{test::v4("10.0.0.2"), 3255};
  for (std::uint32_t i = 0; i < 100'000; ++i) {
    // 198.18.0.0/15, one SYN each
    const test::Endpoint source{test::ipv4(0xC6120000U + i), static_cast<std::uint16_t>(1024 + i % 60'000)};
    table.process(test::tcp(i, source, server, test::f::S, i, 0));
  }
  EXPECT_EQ(table.stats().flows_evicted, 97'000U);
  EXPECT_LE(table.timer_capacity(), 16'384U);
  table.advance(1000 * kSecond);  // every SYN's attempt and expiry timers are due
  EXPECT_EQ(table.size(), 0U);
  ASSERT_EQ(sink.records.size(), 100'000U);
  EXPECT_NE(sink.records.back().end, FlowEnd::evicted);
}

}  // namespace gp

namespace gp {
namespace {

// An ICMP port unreachable from `server` answering a UDP packet `client` -> `server`.
DecodedPacket port_unreachable(std::int64_t t_us, test::Endpoint client, test::Endpoint server) {
  DecodedPacket p;
  p.ts = t_us * 1000;
  p.ip_version = 4;
  p.src = server.addr;
  p.dst = client.addr;
  p.protocol = ip_proto::kIcmp;
  p.icmp_type = 3;
  p.icmp_code = 3;
  p.payload_len = 28;
  p.ip_len = 56;
  p.icmp_quote.present = true;
  p.icmp_quote.protocol = ip_proto::kUdp;
  p.icmp_quote.src = client.addr;
  p.icmp_quote.dst = server.addr;
  p.icmp_quote.src_port = client.port;
  p.icmp_quote.dst_port = server.port;
  p.icmp_quote.has_ports = true;
  return p;
}

struct RecordingMisses final : IcmpQuoteMisses {
  std::vector<IcmpQuote> quotes;
  void quote_missed(const IcmpQuote& quote, TimeNs) override { quotes.push_back(quote); }
};

}  // namespace

// `live -j N`: the error reaches the table that does not hold the UDP flow; it is handed on,
// not counted unmatched, and the table holding the flow counts it on the flow.
TEST(FlowTable, IcmpQuoteMissedHereIsMatchedByTheTableHoldingTheFlow) {
  const test::Endpoint client{test::v4("10.0.0.1"), 40001};
  const test::Endpoint server{test::v4("10.0.0.2"), 5300};
  test::CollectingSink udp_sink;
  test::CollectingSink icmp_sink;
  FlowTable holds_udp({}, udp_sink);
  FlowTable holds_icmp({}, icmp_sink);
  RecordingMisses misses;
  holds_icmp.send_quote_misses(&misses);

  holds_udp.process(test::udp(0, client, server, 20));
  holds_icmp.process(port_unreachable(100, client, server));
  ASSERT_EQ(misses.quotes.size(), 1U);
  EXPECT_EQ(holds_icmp.stats().icmp_errors_unmatched, 0U);
  EXPECT_FALSE(holds_icmp.match_icmp_quote(misses.quotes[0]));  // not here: nothing counted
  EXPECT_EQ(holds_icmp.stats().icmp_errors_matched, 0U);
  EXPECT_TRUE(holds_udp.match_icmp_quote(misses.quotes[0]));
  EXPECT_EQ(holds_udp.stats().icmp_errors_matched, 1U);

  holds_udp.flush();
  ASSERT_EQ(udp_sink.records.size(), 1U);
  EXPECT_EQ(udp_sink.records[0].icmp_errors, 1U);
}

// Without a receiver for misses, an error whose flow is absent is counted unmatched.
TEST(FlowTable, IcmpQuoteWithoutItsFlowIsCountedUnmatched) {
  test::CollectingSink sink;
  FlowTable table({}, sink);
  table.process(port_unreachable(0, {test::v4("10.0.0.1"), 40001}, {test::v4("10.0.0.2"), 5300}));
  EXPECT_EQ(table.stats().icmp_errors_unmatched, 1U);
  EXPECT_EQ(table.stats().icmp_errors_matched, 0U);
}

}  // namespace gp
