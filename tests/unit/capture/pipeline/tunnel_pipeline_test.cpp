// Tunnels, SPAN duplicates and every IP protocol through the whole pass: Zeek's tunnel
// traces with the parents Zeek logs, hand-built frames for what Zeek has no trace of (a
// broken VXLAN flow, three tunnels deep), and a real capture replayed with every packet
// twice, once as it was and once as a switch would have mirrored it again.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "capture/pipeline/run_capture.hpp"
#include "tests/unit/capture/decode/frame_builder.hpp"
#include "tests/unit/capture/decode/trace.hpp"
#include "tests/unit/capture/pipeline/trace_runner.hpp"

namespace gp {
namespace {

namespace build = test::build;

const ConnRecord& find(const std::vector<ConnRecord>& records, const std::string& orig_h, std::uint16_t resp_p,
                       std::uint8_t ip_proto) {
  for (const ConnRecord& r : records) {
    if (r.orig_h.to_string() == orig_h && r.resp_p == resp_p && r.ip_proto == ip_proto) return r;
  }
  static const ConnRecord kNone;
  ADD_FAILURE() << "no " << int{ip_proto} << " flow from " << orig_h << " to port " << resp_p;
  return kNone;
}

std::vector<std::string> parents(const ConnRecord& r) { return r.tunnel_parents; }

struct Collector final : FlowSink {
  std::vector<ConnRecord> records;
  void flow_ended(const Flow&, const ConnRecord& r) override { records.push_back(r); }
};

// Feeds frames straight into the per-frame pipeline.
struct Frames {
  PipelineOptions options;
  Collector sink;
  std::vector<build::Bytes> bytes;
  std::vector<ConnRecord> run(PacketObserver* observer = nullptr) {
    PacketPipeline pipeline(options, sink, observer);
    TimeNs ts = 1'000'000'000;
    std::uint64_t n = 0;
    for (const build::Bytes& b : bytes) pipeline.process(build::frame(b, ts += 1'000'000, ++n));
    pipeline.finish();
    counters = pipeline.decode_counters();
    return sink.records;
  }
  DecodeCounters counters;
};

build::Bytes icmp_echo(const char* src, const char* dst) {
  return build::ipv4(ip_proto::kIcmp, build::Bytes{8, 0, 0, 0, 0, 1, 0, 1}, {src, dst});
}
build::Bytes vxlan_frame(std::uint16_t sport, const build::Bytes& inner_ethernet, const char* src = "192.168.0.1") {
  return build::eth4(
      build::ipv4(ip_proto::kUdp, build::udp(sport, 4789, build::vxlan(inner_ethernet)), {src, "192.168.0.2"}));
}

TEST(TunnelPipeline, VxlanInnerFlowIsItsOwnWithTheOuterAsParent) {
  const auto r = test::run_trace("zeek/tunnels/vxlan-encapsulated-http.pcap");
  ASSERT_EQ(r.records.size(), 2U);
  const ConnRecord& outer = find(r.records, "10.1.200.131", 4789, ip_proto::kUdp);
  const ConnRecord& inner = find(r.records, "172.16.11.201", 80, ip_proto::kTcp);
  EXPECT_EQ(parents(inner), std::vector<std::string>{outer.uid});
  EXPECT_TRUE(outer.tunnel_parents.empty());
  // Zeek's numbers: the outer flow counts every frame, the inner one its own packets.
  EXPECT_EQ(outer.orig_pkts, 12U);
  EXPECT_EQ(outer.orig_ip_bytes, 10539U);
  EXPECT_EQ(inner.history, "ShADadFf");
  EXPECT_EQ(inner.orig_pkts, 7U);
  EXPECT_EQ(inner.orig_ip_bytes, 459U);
  EXPECT_EQ(inner.resp_pkts, 5U);
  EXPECT_EQ(inner.resp_ip_bytes, 9480U);
  EXPECT_EQ(r.summary.decode.tunnel(TunnelType::vxlan).packets, 12U);
}

TEST(TunnelPipeline, NestedTunnelsNameTheirImmediateCarrier) {
  const auto r = test::run_trace("zeek/tunnels/geneve-vxlan-dns-truncated.pcap");
  const ConnRecord& geneve = find(r.records, "127.0.0.1", 6081, ip_proto::kUdp);
  const ConnRecord& vxlan = find(r.records, "127.0.0.1", 4789, ip_proto::kUdp);
  const ConnRecord& dns = find(r.records, "172.16.11.201", 53, ip_proto::kUdp);
  EXPECT_EQ(parents(vxlan), std::vector<std::string>{geneve.uid});
  EXPECT_EQ(parents(dns), std::vector<std::string>{vxlan.uid});
  EXPECT_EQ(dns.history, "Dd");
}

TEST(TunnelPipeline, GreFlowsCarryGreFlows) {
  const auto r = test::run_trace("zeek/tunnels/gre-within-gre.pcap");
  const ConnRecord& outer = find(r.records, "72.205.54.70", 0, ip_proto::kGre);
  const ConnRecord& middle = find(r.records, "10.10.11.2", 0, ip_proto::kGre);
  const ConnRecord& icmp = find(r.records, "10.10.25.1", 0, ip_proto::kIcmp);
  EXPECT_EQ(parents(middle), std::vector<std::string>{outer.uid});
  EXPECT_EQ(parents(icmp), std::vector<std::string>{middle.uid});
  EXPECT_EQ(icmp.orig_pkts, 312U);
  EXPECT_EQ(icmp.resp_pkts, 312U);
}

TEST(TunnelPipeline, TeredoFoundOffItsPortByDetection) {
  const auto r = test::run_trace("zeek/tunnels/Teredo.pcap");
  const ConnRecord& relay = find(r.records, "192.168.2.16", 32900, ip_proto::kUdp);
  const ConnRecord& http = find(r.records, "2001:0:4137:9e50:8000:f12a:b9c8:2815", 80, ip_proto::kTcp);
  EXPECT_EQ(parents(http), std::vector<std::string>{relay.uid});
  EXPECT_EQ(http.orig_pkts, 10U);
  EXPECT_EQ(http.resp_pkts, 12U);
  for (const ConnRecord& c : r.records) EXPECT_NE(c.ip_proto, ip_proto::kNoNextHeader) << "bubbles are no flows";
}

TEST(TunnelPipeline, AmsduInsideArubaGreGivesBothPackets) {
  const auto r = test::run_trace("zeek/tunnels/gre-aruba-amsdu.pcap");
  const ConnRecord& tcp = find(r.records, "149.159.130.184", 443, ip_proto::kTcp);
  EXPECT_EQ(tcp.orig_pkts + tcp.resp_pkts, 2U);
  EXPECT_EQ(tcp.orig_ip_bytes + tcp.resp_ip_bytes, 356U);
}

TEST(TunnelPipeline, BadOuterChecksumStopsThereAsInZeek) {
  PipelineOptions options;
  options.decoder.verify_checksums = true;
  const auto r = test::run_trace("zeek/tunnels/vxlan-encapsulated-igmp-v2.pcap", options);
  ASSERT_EQ(r.records.size(), 3U);  // no inner IGMP flows
  for (const ConnRecord& c : r.records) {
    EXPECT_EQ(c.history, "C");
    EXPECT_EQ(c.orig_pkts, 0U);
  }
}

TEST(TunnelPipeline, AViolatedVxlanFlowIsNotOpenedAgain) {
  Frames f;
  const build::Bytes inner = build::eth4(icmp_echo("10.9.0.1", "10.9.0.2"));
  build::Bytes bad = build::vxlan(inner, 0x00);  // no I flag: not VXLAN
  f.bytes.push_back(
      build::eth4(build::ipv4(ip_proto::kUdp, build::udp(50000, 4789, bad), {"192.168.0.1", "192.168.0.2"})));
  f.bytes.push_back(vxlan_frame(50000, inner));  // same flow, good header: still not opened
  f.bytes.push_back(vxlan_frame(50001, inner));  // another flow: opened
  const auto records = f.run();
  ASSERT_EQ(records.size(), 3U);
  const ConnRecord& icmp = find(records, "10.9.0.1", 0, ip_proto::kIcmp);
  EXPECT_EQ(icmp.orig_pkts, 1U);
  EXPECT_EQ(f.counters.get(Anomaly::bad_vxlan_flags), 1U);
  EXPECT_EQ(f.counters.tunnel(TunnelType::vxlan).packets, 1U);
}

TEST(TunnelPipeline, UndecodableInnerPacketInventsNoFlow) {
  Frames f;
  build::Bytes cut = icmp_echo("10.9.0.1", "10.9.0.2");
  build::put16(cut, 2, 200);  // the inner IPv4 header claims more than the tunnel carried
  f.bytes.push_back(vxlan_frame(50000, build::eth4(cut)));
  const auto records = f.run();
  ASSERT_EQ(records.size(), 1U);
  EXPECT_EQ(records[0].ip_proto, ip_proto::kUdp);
  EXPECT_EQ(f.counters.get(Anomaly::ip_length_beyond_frame), 1U);
  EXPECT_EQ(f.counters.tunnel(TunnelType::vxlan).malformed, 1U);
}

TEST(TunnelPipeline, ThreeDeepStopsAtTheLimitWithZeeksX) {
  Frames f;
  const build::Bytes level3 = build::eth4(icmp_echo("10.3.0.1", "10.3.0.2"));
  const build::Bytes level2 =
      build::eth4(build::ipv4(ip_proto::kUdp, build::udp(40002, 4789, build::vxlan(level3)), {"10.2.0.1", "10.2.0.2"}));
  const build::Bytes level1 =
      build::eth4(build::ipv4(ip_proto::kUdp, build::udp(40001, 4789, build::vxlan(level2)), {"10.1.0.1", "10.1.0.2"}));
  f.bytes.push_back(vxlan_frame(40000, level1));
  const auto records = f.run();
  ASSERT_EQ(records.size(), 3U);  // the frame's, and two levels of tunnel; the ICMP is past the limit
  const ConnRecord& deepest = find(records, "10.2.0.1", 4789, ip_proto::kUdp);
  EXPECT_EQ(deepest.history, "DX");
  EXPECT_EQ(f.counters.get(Anomaly::tunnel_depth_exceeded), 1U);
  f.options.decoder.max_tunnel_depth = 3;
  f.sink.records.clear();
  EXPECT_EQ(f.run().size(), 4U);
}

TEST(TunnelPipeline, ObserverHearsOncePerFrameWithTheInnermostPacket) {
  struct Observer final : PacketObserver {
    std::vector<int> depths;
    std::vector<bool> with_flow;
    void on_packet(const RawFrame&, DecodeStatus, const DecodedPacket* pkt, const Flow* flow) override {
      depths.push_back(pkt != nullptr ? pkt->tunnel_depth : -1);
      with_flow.push_back(flow != nullptr);
    }
  } observer;
  Frames f;
  f.bytes.push_back(vxlan_frame(50000, build::eth4(icmp_echo("10.9.0.1", "10.9.0.2"))));
  f.bytes.push_back(build::eth4(icmp_echo("10.9.0.3", "10.9.0.4")));
  f.bytes.push_back(build::ethernet(0x0806, build::Bytes(28, 0)));  // ARP
  f.run(&observer);
  EXPECT_EQ(observer.depths, (std::vector<int>{1, 0, -1}));
  EXPECT_EQ(observer.with_flow, (std::vector<bool>{true, true, false}));
}

TEST(AllIpProtocols, EveryProtocolNumberIsAFlowLikeZeeksUnknownTransport) {
  Frames f;
  const build::Bytes sctp(28, 0x01);
  f.bytes.push_back(build::eth4(build::ipv4(ip_proto::kSctp, sctp, {"10.0.0.1", "10.0.0.2"})));
  f.bytes.push_back(build::eth4(build::ipv4(ip_proto::kSctp, sctp, {"10.0.0.2", "10.0.0.1"})));
  f.bytes.push_back(build::eth4(build::ipv4(ip_proto::kEsp, build::Bytes(40, 0xee), {"10.0.0.3", "10.0.0.4"})));
  f.bytes.push_back(build::eth4(build::ipv4(89, build::Bytes(24, 0x02), {"10.0.0.5", "224.0.0.5"})));  // OSPF
  // GRE carrying something nobody decodes is still a GRE flow.
  f.bytes.push_back(
      build::eth4(build::ipv4(ip_proto::kGre, build::gre(0x88b5, build::Bytes(16, 0)), {"10.0.0.6", "10.0.0.7"})));
  // ESP after an IPv6 destination-options header.
  build::Bytes dest_opts{ip_proto::kEsp, 0, 1, 4, 0, 0, 0, 0};
  f.bytes.push_back(build::ethernet(0x86dd, build::ipv6(60, build::cat(dest_opts, build::Bytes(24, 0xee)))));
  const auto records = f.run();
  std::map<int, int> flows_by_proto;
  for (const ConnRecord& r : records) ++flows_by_proto[r.ip_proto];
  EXPECT_EQ(flows_by_proto,
            (std::map<int, int>{{ip_proto::kGre, 1}, {ip_proto::kEsp, 2}, {89, 1}, {ip_proto::kSctp, 1}}));
  const ConnRecord& sctp_flow = find(records, "10.0.0.1", 0, ip_proto::kSctp);
  EXPECT_EQ(sctp_flow.orig_pkts, 1U);
  EXPECT_EQ(sctp_flow.resp_pkts, 1U);
  EXPECT_EQ(sctp_flow.orig_ip_bytes, 48U);
  EXPECT_EQ(f.counters.tunnel(TunnelType::gre).not_ip, 1U);
}

// ---- SPAN duplicates ----------------------------------------------------------------------

// A copy of an Ethernet frame as another SPAN session would hand it over: an 802.1Q tag
// added, one hop later (TTL - 1, IPv4 header checksum fixed), 25 microseconds later.
build::Bytes retagged(const std::vector<std::uint8_t>& frame, std::uint16_t vlan) {
  build::Bytes b(frame.begin(), frame.begin() + 12);
  build::append16(b, 0x8100);
  build::append16(b, vlan);
  b.insert(b.end(), frame.begin() + 12, frame.end());
  const std::size_t ip = 18;
  if (b.size() >= ip + 20 && b[16] == 0x08 && b[17] == 0x00) {
    --b[ip + 8];
    build::put16(b, ip + 10, 0);
    build::put16(b, ip + 10, build::ones_complement(build::Bytes(b.begin() + ip, b.begin() + ip + 20)));
  }
  return b;
}

std::vector<ConnRecord> replay(const test::Trace& t, bool twice, bool retag, const PipelineOptions& options,
                               DecodeCounters* counters = nullptr) {
  Collector sink;
  PacketPipeline pipeline(options, sink);
  std::vector<build::Bytes> copies;
  copies.reserve(t.size());
  for (std::size_t i = 1; i <= t.size(); ++i) {
    const RawFrame f = t.frame(i);
    pipeline.process(f);
    if (!twice) continue;
    RawFrame copy = f;
    if (retag) {
      copies.push_back(retagged(t.bytes[i - 1], 20));
      copy.bytes = copies.back();
      copy.wire_len = static_cast<std::uint32_t>(copies.back().size());
      copy.ts += 25'000;
    }
    pipeline.process(copy);
  }
  pipeline.finish();
  if (counters != nullptr) *counters = pipeline.decode_counters();
  return sink.records;
}

void expect_same_flows(const std::vector<ConnRecord>& a, const std::vector<ConnRecord>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].uid, b[i].uid);
    EXPECT_EQ(a[i].history, b[i].history);
    EXPECT_EQ(a[i].state, b[i].state);
    EXPECT_EQ(a[i].orig_pkts, b[i].orig_pkts);
    EXPECT_EQ(a[i].resp_pkts, b[i].resp_pkts);
    EXPECT_EQ(a[i].orig_ip_bytes, b[i].orig_ip_bytes);
    EXPECT_EQ(a[i].resp_bytes, b[i].resp_bytes);
    EXPECT_EQ(a[i].duration(), b[i].duration());
  }
}

TEST(SpanDuplicates, EveryPacketTwiceGivesTheSameFlowsWithDedup) {
  const test::Trace t = test::read_trace(test::zeek_trace("http/get.pcap"));
  PipelineOptions plain;
  const auto original = replay(t, false, false, plain);
  PipelineOptions dedup;
  dedup.decoder.dedup_window = 1'000'000;
  DecodeCounters counters;
  expect_same_flows(original, replay(t, true, false, dedup, &counters));
  EXPECT_EQ(counters.duplicates.dropped, t.size());
  expect_same_flows(original, replay(t, true, true, dedup, &counters));
  EXPECT_EQ(counters.duplicates.dropped, t.size());
}

TEST(SpanDuplicates, WithoutDedupTheCopiesAreCountedAndKept) {
  const test::Trace t = test::read_trace(test::zeek_trace("http/get.pcap"));
  DecodeCounters counters;
  const auto doubled = replay(t, true, true, PipelineOptions{}, &counters);
  EXPECT_EQ(counters.duplicates.seen_kept, t.size());
  EXPECT_EQ(counters.duplicates.dropped, 0U);
  EXPECT_TRUE(counters.duplicates.kept());  // what a summary (the live one too) warns about
  EXPECT_EQ(counters.duplicates.watch_window, 1'000'000);
  ASSERT_FALSE(doubled.empty());
  EXPECT_NE(doubled[0].history, replay(t, false, false, PipelineOptions{})[0].history);  // retransmissions
}

TEST(SpanDuplicates, MirroredTunnelCopiesAreDroppedInside) {
  // AWS Traffic Mirroring from two ENIs: the same inner packet in two VXLAN packets from
  // different sources. The outer packets are distinct; the inner copy is dropped.
  Frames f;
  f.options.decoder.dedup_window = 1'000'000;
  const build::Bytes inner = build::eth4(icmp_echo("10.9.0.1", "10.9.0.2"));
  f.bytes.push_back(vxlan_frame(50000, inner, "192.168.0.1"));
  f.bytes.push_back(vxlan_frame(50000, inner, "192.168.0.3"));
  const auto records = f.run();
  const ConnRecord& icmp = find(records, "10.9.0.1", 0, ip_proto::kIcmp);
  EXPECT_EQ(icmp.orig_pkts, 1U);
  EXPECT_EQ(icmp.tunnel_parents.size(), 1U);
  EXPECT_EQ(f.counters.duplicates.dropped, 1U);
}

TEST(SpanDuplicates, SummarySaysWhatWasDroppedOrWarnsWhenKept) {
  CaptureSummary s;
  s.decode.duplicates.window = 500'000;
  s.decode.duplicates.dropped = 1234;
  EXPECT_NE(format_summary(s).find("1,234 duplicate packets dropped by --dedup 500us"), std::string::npos)
      << format_summary(s);
  CaptureSummary off;
  off.decode.duplicates.watch_window = 1'000'000;
  off.decode.duplicates.seen_kept = 7;
  EXPECT_TRUE(duplicates_kept(off));
  EXPECT_NE(format_summary(off).find("warning: 7 packets were exact copies of a packet seen less than 1ms before"),
            std::string::npos)
      << format_summary(off);
  EXPECT_NE(format_summary(off).find("rerun with --dedup 1ms"), std::string::npos);
  EXPECT_EQ(format_window(1'500'000), "1.5ms");
  EXPECT_EQ(format_window(2'000'000'000), "2s");
}

}  // namespace
}  // namespace gp
