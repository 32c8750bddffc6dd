// The flow table's side of tunnels: a tunnelled flow remembers the uids of the flows that
// carried it (Zeek's tunnel_parents, a set), a carrier remembers which tunnels its payload
// turned out not to be, and a tunnel nested too deep leaves Zeek's 'X' in the history.
#include <gtest/gtest.h>

#include <algorithm>

#include "capture/flow/flow_table.hpp"
#include "capture/flow/uid.hpp"
#include "tests/unit/capture/flow/collecting_sink.hpp"
#include "tests/unit/capture/flow/packet_builder.hpp"

namespace gp::test {
namespace {

const Endpoint kClient{v4("10.0.0.1"), 40000};
const Endpoint kServer{v4("10.0.0.2"), 80};
const Endpoint kVtepA{v4("192.168.0.1"), 50000};
const Endpoint kVtepB{v4("192.168.0.2"), 4789};

TEST(TunnelParents, InnerFlowNamesEachCarrierOnce) {
  CollectingSink sink;
  FlowTable table({}, sink);
  const FlowRef out_a = table.process(udp(0, kVtepA, kVtepB, 100));
  const FlowRef out_b = table.process(udp(1, {v4("192.168.0.3"), 50001}, kVtepB, 100));
  const UidDigest a = table.uid_digest(*table.flow(out_a));
  const UidDigest b = table.uid_digest(*table.flow(out_b));
  table.process(tcp(0, kClient, kServer, f::S, 1, 0), false, &a);
  table.process(tcp(1, kServer, kClient, f::SA, 9, 2), false, &b);
  table.process(tcp(2, kClient, kServer, f::A, 2, 10), false, &a);
  table.flush();
  ASSERT_EQ(sink.records.size(), 3U);
  const ConnRecord* inner = nullptr;
  std::vector<std::string> uids;
  for (const ConnRecord& r : sink.records) {
    if (r.ip_proto == ip_proto::kTcp) inner = &r;
    else uids.push_back(r.uid);
  }
  ASSERT_NE(inner, nullptr);
  EXPECT_EQ(inner->tunnel_parents, (std::vector<std::string>{format_uid(a), format_uid(b)}));
  EXPECT_NE(std::find(uids.begin(), uids.end(), format_uid(a)), uids.end()) << "the parent uid is the carrier's uid";
  for (const ConnRecord& r : sink.records) {
    if (r.ip_proto != ip_proto::kTcp) {
      EXPECT_TRUE(r.tunnel_parents.empty());
    }
  }
}

TEST(TunnelParents, AtMostFourAreKept) {
  CollectingSink sink;
  FlowTable table({}, sink);
  for (std::uint64_t i = 0; i < 6; ++i) {
    const UidDigest parent{i + 1, 0};
    table.process(udp(static_cast<std::int64_t>(i), kClient, kServer, 10), false, &parent);
  }
  table.flush();
  ASSERT_EQ(sink.records.size(), 1U);
  EXPECT_EQ(sink.records[0].tunnel_parents.size(), kMaxTunnelParents);
}

TEST(TunnelParents, FlowRefDiesWithItsFlow) {
  CollectingSink sink;
  FlowTableConfig config;
  config.max_flows = 1;
  FlowTable table(config, sink);
  const FlowRef first = table.process(udp(0, kClient, kServer, 10));
  ASSERT_NE(table.flow(first), nullptr);
  table.process(udp(1, kVtepA, kVtepB, 10));  // evicts the first: the slot is reused
  EXPECT_EQ(table.flow(first), nullptr);
}

// The table keeps the parents beside the flows, by slot: a flow that reuses a tunnelled
// flow's slot starts with none, and an interim record (snapshot) of an open flow has them.
TEST(TunnelParents, ASlotReusedStartsWithoutParents) {
  CollectingSink sink;
  FlowTableConfig config;
  config.max_flows = 1;
  FlowTable table(config, sink);
  const UidDigest parent{7, 0};
  const FlowRef tunnelled = table.process(udp(0, kClient, kServer, 10), false, &parent);
  EXPECT_EQ(table.snapshot(*table.flow(tunnelled)).tunnel_parents, (std::vector<std::string>{format_uid(parent)}));
  table.process(udp(1, kVtepA, kVtepB, 10));  // evicts it: the slot is reused
  table.flush();
  ASSERT_EQ(sink.records.size(), 2U);
  EXPECT_EQ(sink.records[0].tunnel_parents, (std::vector<std::string>{format_uid(parent)}));
  EXPECT_TRUE(sink.records[1].tunnel_parents.empty());
}

TEST(TunnelMarks, ViolationsAreRememberedPerTunnelType) {
  CollectingSink sink;
  FlowTable table({}, sink);
  const FlowRef ref = table.process(udp(0, kVtepA, kVtepB, 10));
  table.note_tunnel_violation(ref, TunnelType::vxlan);
  EXPECT_EQ(table.flow(ref)->tunnel_violations, tunnel_bit(TunnelType::vxlan));
  table.note_tunnel_violation(ref, TunnelType::teredo);
  EXPECT_EQ(table.flow(ref)->tunnel_violations, tunnel_bit(TunnelType::vxlan) | tunnel_bit(TunnelType::teredo));
}

TEST(TunnelMarks, TooDeepIsOneXInTheHistory) {
  CollectingSink sink;
  FlowTable table({}, sink);
  const FlowRef ref = table.process(udp(0, kVtepA, kVtepB, 10));
  table.note_tunnel_too_deep(ref);
  table.process(udp(1, kVtepA, kVtepB, 10));
  table.note_tunnel_too_deep(ref);
  table.flush();
  ASSERT_EQ(sink.records.size(), 1U);
  EXPECT_EQ(sink.records[0].history, "DX");
}

TEST(Checksums, BadUdpChecksumIsOnlyAHistoryLetter) {
  // Zeek (tunnels/vxlan-encapsulated-igmp-v2.pcap): history C, no packets, OTH.
  CollectingSink sink;
  FlowTable table({}, sink);
  table.process(udp(0, kVtepA, kVtepB, 10), true);
  table.flush();
  ASSERT_EQ(sink.records.size(), 1U);
  EXPECT_EQ(sink.records[0].history, "C");
  EXPECT_EQ(sink.records[0].orig_pkts, 0U);
  EXPECT_EQ(sink.records[0].orig_ip_bytes, 0U);
  EXPECT_EQ(sink.records[0].state, ConnState::OTH);
}

}  // namespace
}  // namespace gp::test
