// FrameSharder: the key `-j N` spreads frames by. Both directions of a flow, every fragment
// of a datagram and an ICMP error's quoted flow must be found from the frame alone.
#include "capture/decode/frame_shard.hpp"

#include <gtest/gtest.h>

#include <set>

#include "tests/unit/capture/decode/frame_builder.hpp"
#include "tests/unit/capture/decode/trace.hpp"
#include "tests/support/addresses.hpp"

namespace gp::test {
namespace {

using namespace build;

RawFrame ethernet_frame(const Bytes& bytes) {
  RawFrame f;
  f.bytes = bytes;
  f.wire_len = static_cast<std::uint32_t>(bytes.size());
  f.link_type = dlt::kEn10Mb;
  return f;
}

TEST(FrameShard, BothDirectionsAndEveryFamilyHashAlike) {
  FrameSharder sharder;
  const Bytes forth = eth4(ipv4(ip_proto::kTcp, tcp(40000, 80, 0x02, 1), Ip4{"10.1.1.1", "10.2.2.2"}), 7);
  const Bytes back = eth4(ipv4(ip_proto::kTcp, tcp(80, 40000, 0x12, 9), Ip4{"10.2.2.2", "10.1.1.1"}));
  const Bytes other = eth4(ipv4(ip_proto::kUdp, udp(53, 53, {}), Ip4{"10.1.1.1", "10.2.2.3"}));
  const FrameShard a = sharder.classify(ethernet_frame(forth));
  const FrameShard b = sharder.classify(ethernet_frame(back));
  const FrameShard c = sharder.classify(ethernet_frame(other));
  ASSERT_TRUE(a.has_ip);
  EXPECT_EQ(a.hash, b.hash);  // the VLAN tag on one direction changes nothing
  EXPECT_NE(a.hash, c.hash);
  EXPECT_FALSE(a.quote.present);

  const Bytes v6_forth = ethernet(0x86dd, ipv6(ip_proto::kUdp, udp(1, 2, {}), "2001:db8::1", "2001:db8::9"));
  const Bytes v6_back = ethernet(0x86dd, ipv6(ip_proto::kUdp, udp(2, 1, {}), "2001:db8::9", "2001:db8::1"));
  EXPECT_EQ(sharder.classify(ethernet_frame(v6_forth)).hash, sharder.classify(ethernet_frame(v6_back)).hash);
}

TEST(FrameShard, FramesWithoutIpHaveNoKey) {
  FrameSharder sharder;
  const Bytes arp = ethernet(0x0806, Bytes(28, 0));
  EXPECT_FALSE(sharder.classify(ethernet_frame(arp)).has_ip);
  Bytes cut = eth4(ipv4(ip_proto::kTcp, tcp(1, 2, 0x02, 1)));
  cut.resize(14 + 12);  // the IP header stops before its addresses
  EXPECT_FALSE(sharder.classify(ethernet_frame(cut)).has_ip);
}

TEST(FrameShard, IcmpErrorNamesTheQuotedPair) {
  const Trace trace = read_trace(zeek_trace("icmp/icmp-destunreach-udp.pcap"));
  FrameSharder sharder;
  const FrameShard s = sharder.classify(trace.frame(1));
  ASSERT_TRUE(s.has_ip);
  ASSERT_TRUE(s.quote.present);
  EXPECT_EQ(s.quote.src.to_string(), "192.168.1.1");
  EXPECT_EQ(s.quote.dst_port, 59207);
  EXPECT_EQ(s.quote_hash, symmetric_pair_hash(s.quote.dst, s.quote.src));
}

TEST(FrameShard, EveryFragmentOfADatagramGoesTogether) {
  const Trace trace = read_trace(zeek_trace("ipv4/fragmented-1.pcap"));
  FrameSharder sharder;
  std::set<std::uint64_t> hashes;
  for (std::size_t i = 1; i <= trace.size(); ++i) {
    const FrameShard s = sharder.classify(trace.frame(i));
    if (s.has_ip) hashes.insert(s.hash);
  }
  EXPECT_EQ(hashes.size(), 1U);  // one pair of hosts in the trace, fragments included
}

TEST(FrameShard, ShardsSpreadEvenly) {
  std::array<int, 4> counts{};
  for (std::uint32_t i = 0; i < 4000; ++i) {
    const IpAddress a = test::ip("10.0." + std::to_string(i / 250) + "." + std::to_string(i % 250));
    const IpAddress b = test::ip("192.0.2.1");
    ++counts[shard_of(symmetric_pair_hash(a, b), 4)];
  }
  for (int c : counts) EXPECT_NEAR(c, 1000, 150);
}

}  // namespace
}  // namespace gp::test
