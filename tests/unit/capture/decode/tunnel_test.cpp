// Decapsulation, tunnel by tunnel: the real traces Zeek tests its tunnel analyzers with, and
// hand-built packets for every way a tunnel header can be wrong.
#include <gtest/gtest.h>

#include "capture/decode/decoder.hpp"
#include "capture/decode/tunnel.hpp"
#include "tests/unit/capture/decode/decode_fixture.hpp"
#include "tests/unit/capture/decode/frame_builder.hpp"

namespace gp::test {
namespace {

// Decodes frame `number` of a Zeek trace and opens `depth` tunnels, each by what the
// packet's IP protocol or UDP destination port names (the flow table's responder port in
// the pipeline; the destination here, where each trace's first packet goes to the tunnel).
struct Opened {
  std::shared_ptr<const Trace> trace;
  std::shared_ptr<Decoder> decoder;
  DecodedPacket outer;
  DecodedPacket inner;
  DecodeStatus status = DecodeStatus::undecoded;
};

TunnelType carried(const DecodedPacket& p) {
  if (const TunnelType t = tunnel_for_ip_protocol(p.protocol); t != TunnelType::none) return t;
  if (p.protocol == ip_proto::kUdp) return tunnel_for_udp(p.dst_port, p.payload);
  return TunnelType::none;
}

Opened open_frame(const std::string& trace, std::size_t number, int depth = 1, const DecoderConfig& config = {}) {
  Opened o;
  o.trace = std::make_shared<const Trace>(read_trace(zeek_trace(trace)));
  o.decoder = std::make_shared<Decoder>(config);
  o.status = decode_upto(*o.decoder, *o.trace, number, o.outer);
  for (int i = 0; i < depth && o.status == DecodeStatus::ok; ++i) {
    if (i > 0) o.outer = o.inner;
    o.status = o.decoder->decapsulate(o.outer, carried(o.outer), o.inner);
  }
  return o;
}

DecodeStatus open_built(const build::Bytes& frame_bytes, TunnelType type, DecodedPacket& inner, Decoder& d) {
  DecodedPacket outer;
  const RawFrame f = build::frame(frame_bytes);
  if (d.decode(f, outer) != DecodeStatus::ok) return DecodeStatus::undecoded;
  return d.decapsulate(outer, type, inner);
}

std::uint64_t anomaly(const Decoder& d, Anomaly a) { return d.counters().get(a); }

// ---- Port and protocol tables ------------------------------------------------------------

TEST(TunnelTables, IpProtocolsAndUdpPortsAsZeekRegistersThem) {
  EXPECT_EQ(tunnel_for_ip_protocol(4), TunnelType::ip_in_ip);
  EXPECT_EQ(tunnel_for_ip_protocol(41), TunnelType::ip_in_ip);
  EXPECT_EQ(tunnel_for_ip_protocol(47), TunnelType::gre);
  EXPECT_EQ(tunnel_for_ip_protocol(50), TunnelType::none);
  const std::vector<std::uint8_t> nothing;
  EXPECT_EQ(tunnel_for_udp(4789, nothing), TunnelType::vxlan);
  EXPECT_EQ(tunnel_for_udp(6081, nothing), TunnelType::geneve);
  EXPECT_EQ(tunnel_for_udp(2152, nothing), TunnelType::gtpv1);
  EXPECT_EQ(tunnel_for_udp(2123, nothing), TunnelType::gtpv1);
  EXPECT_EQ(tunnel_for_udp(3544, nothing), TunnelType::teredo);
  EXPECT_EQ(tunnel_for_udp(5072, nothing), TunnelType::ayiya);
  EXPECT_EQ(tunnel_for_udp(4754, nothing), TunnelType::gre);
  EXPECT_EQ(tunnel_for_udp(53, nothing), TunnelType::none);
  EXPECT_EQ(to_string(TunnelType::gtpv1), "GTPv1");
}

TEST(TunnelTables, TeredoIsDetectedOffItsPortByATeredoAddress) {
  // Frame 29 of Teredo.pcap: a bubble to a relay on port 32900, from 2001:0:4137:...
  const auto r = decode_frame("tunnels/Teredo.pcap", 29);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.packet.dst_port, 32900);
  EXPECT_TRUE(looks_like_teredo(r.packet.payload));
  EXPECT_EQ(tunnel_for_udp(32900, r.packet.payload), TunnelType::teredo);
  // DNS is not.
  const auto dns = decode_frame("tunnels/Teredo.pcap", 21);
  ASSERT_EQ(dns.status, DecodeStatus::ok);
  EXPECT_FALSE(looks_like_teredo(dns.packet.payload));
  EXPECT_FALSE(looks_like_ayiya(dns.packet.payload));
}

TEST(TunnelTables, AyiyaIsDetectedBySixxsSignatureBytes) {
  const build::Bytes payload = build::ayiya({}, 41);
  EXPECT_TRUE(looks_like_ayiya(payload));
  EXPECT_EQ(tunnel_for_udp(40000, payload), TunnelType::ayiya);
  EXPECT_FALSE(looks_like_ayiya(build::Bytes{0x41, 0x52}));
}

// ---- Real traces ---------------------------------------------------------------------------

TEST(Vxlan, InnerEthernetFrameGivesTheInnerIcmp) {
  const auto o = open_frame("tunnels/vxlan.pcap", 3);
  ASSERT_EQ(o.status, DecodeStatus::ok);
  EXPECT_EQ(o.outer.dst_port, 4789);
  EXPECT_EQ(o.inner.tunnel, TunnelType::vxlan);
  EXPECT_EQ(o.inner.tunnel_depth, 1);
  EXPECT_EQ(o.inner.src.to_string(), "10.0.0.1");
  EXPECT_EQ(o.inner.dst.to_string(), "10.0.0.2");
  EXPECT_EQ(o.inner.protocol, ip_proto::kIcmp);
  EXPECT_EQ(o.inner.ip_len, 84U);
  EXPECT_EQ(o.decoder->counters().tunnel(TunnelType::vxlan).packets, 1U);
}

TEST(Vxlan, ArpInsideIsNotIpAndCountedAsSuch) {
  const auto o = open_frame("tunnels/vxlan.pcap", 1);
  EXPECT_EQ(o.status, DecodeStatus::not_ip);
  EXPECT_EQ(o.decoder->counters().tunnel(TunnelType::vxlan).not_ip, 1U);
  EXPECT_EQ((o.decoder->counters().undecoded.at({UndecodedLayer::ethertype, 0x0806})), 1U);
}

TEST(Geneve, InnerEthernetAfterTheHeader) {
  const auto o = open_frame("tunnels/geneve.pcap", 1);
  ASSERT_EQ(o.status, DecodeStatus::ok);
  EXPECT_EQ(o.inner.tunnel, TunnelType::geneve);
  EXPECT_EQ(o.inner.src.to_string(), "30.0.0.1");
  EXPECT_EQ(o.inner.protocol, ip_proto::kIcmp);
}

TEST(Geneve, VxlanInsideGeneveIsTwoLevelsDeep) {
  const auto o = open_frame("tunnels/geneve-vxlan-dns-truncated.pcap", 1, 2);
  ASSERT_EQ(o.status, DecodeStatus::ok);
  EXPECT_EQ(o.inner.tunnel, TunnelType::vxlan);
  EXPECT_EQ(o.inner.tunnel_depth, 2);
  EXPECT_EQ(o.inner.src.to_string(), "172.16.11.201");
  EXPECT_EQ(o.inner.dst_port, 53);
}

TEST(Gre, ErspanTypesOneTwoAndThree) {
  struct Case {
    const char* trace;
    const char* inner_src;
  };
  for (const Case& c : {Case{"erspanI.pcap", "172.16.133.2"}, Case{"erspanII.pcap", "23.0.0.2"},
                        Case{"erspanIII.pcap", "192.168.15.47"}}) {
    const auto o = open_frame(c.trace, 1);
    ASSERT_EQ(o.status, DecodeStatus::ok) << c.trace;
    EXPECT_EQ(o.outer.protocol, ip_proto::kGre) << c.trace;
    EXPECT_EQ(o.inner.tunnel, TunnelType::gre) << c.trace;
    EXPECT_EQ(o.inner.src.to_string(), c.inner_src) << c.trace;
    EXPECT_EQ(o.inner.protocol, ip_proto::kIcmp) << c.trace;
  }
}

TEST(Gre, GreInsideGre) {
  const auto o = open_frame("tunnels/gre-within-gre.pcap", 1, 2);
  ASSERT_EQ(o.status, DecodeStatus::ok);
  EXPECT_EQ(o.outer.src.to_string(), "10.10.11.2");
  EXPECT_EQ(o.inner.src.to_string(), "10.10.25.1");
  EXPECT_EQ(o.inner.tunnel_depth, 2);
}

TEST(Gre, PptpEnhancedGreCarriesPppInsideIpv4InIpv6) {
  // IPv6 -> IPv4 (next header 4) -> GRE version 1 -> PPP -> IPv4 -> UDP DNS.
  const auto o = open_frame("tunnels/gre-pptp.pcap", 1, 2);
  ASSERT_EQ(o.status, DecodeStatus::ok);
  EXPECT_EQ(o.outer.tunnel, TunnelType::ip_in_ip);
  EXPECT_EQ(o.outer.protocol, ip_proto::kGre);
  EXPECT_EQ(o.inner.src.to_string(), "172.16.44.3");
  EXPECT_EQ(o.inner.dst_port, 53);
}

TEST(Gre, ArubaAmsduGivesOnePacketPerSubframe) {
  auto o = open_frame("tunnels/gre-aruba-amsdu.pcap", 1);
  ASSERT_EQ(o.status, DecodeStatus::ok);
  EXPECT_EQ(o.inner.src.to_string(), "157.240.18.16");
  EXPECT_EQ(o.inner.ip_len, 281U);
  Subframes more = o.decoder->take_subframes();
  ASSERT_FALSE(more.empty());
  DecodedPacket second;
  ASSERT_EQ(o.decoder->next_subframe(more, second), DecodeStatus::ok);
  EXPECT_EQ(second.tunnel, TunnelType::gre);
  EXPECT_EQ(second.tunnel_depth, 1);
  EXPECT_EQ(second.ip_len, 75U);
  EXPECT_TRUE(more.empty());
  EXPECT_EQ(o.decoder->counters().tunnel(TunnelType::gre).packets, 2U);
}

TEST(Gtp, SequenceNumberFlagAddsFourBytes) {
  const auto o = open_frame("tunnels/gtp/gtp6_gtp_0x32.pcap", 1);
  ASSERT_EQ(o.status, DecodeStatus::ok);
  EXPECT_EQ(o.inner.tunnel, TunnelType::gtpv1);
  EXPECT_EQ(o.inner.src.to_string(), "10.222.10.10");
  EXPECT_EQ(o.inner.dst_port, 5228);
}

TEST(Gtp, InnerIpv6) {
  const auto o = open_frame("tunnels/gtp/gtp7_ipv6.pcap", 1);
  ASSERT_EQ(o.status, DecodeStatus::ok);
  EXPECT_EQ(o.inner.ip_version, 6);
  EXPECT_EQ(o.inner.dst_port, 5355);
}

TEST(Gtp, SignallingMessagesCarryNoPacket) {
  const auto o = open_frame("tunnels/gtp/gtp10_not_0xff.pcap", 1);
  EXPECT_EQ(o.status, DecodeStatus::no_inner);
}

TEST(Gtp, OuterIpFragmentsAreReassembledFirst) {
  // Frame 2 completes a fragmented GTP datagram; the inner TCP segment is inside.
  const auto trace = read_trace(zeek_trace("tunnels/gtp/gtp1_gn_normal_incl_fragmentation.pcap"));
  Decoder d;
  int reassembled_inner = 0;
  for (std::size_t i = 1; i <= trace.size(); ++i) {
    DecodedPacket outer;
    DecodedPacket inner;
    if (d.decode(trace.frame(i), outer) != DecodeStatus::ok || !outer.reassembled) continue;
    ASSERT_EQ(d.decapsulate(outer, TunnelType::gtpv1, inner), DecodeStatus::ok) << "frame " << i;
    EXPECT_EQ(inner.protocol, ip_proto::kTcp);
    ++reassembled_inner;
  }
  EXPECT_EQ(reassembled_inner, 36);
}

TEST(Teredo, OriginIndicationThenIpv6) {
  const auto o = open_frame("tunnels/teredo_bubble_with_payload.pcap", 2);
  ASSERT_EQ(o.status, DecodeStatus::ok);
  EXPECT_EQ(o.inner.tunnel, TunnelType::teredo);
  EXPECT_EQ(o.inner.src.to_string(), "fe80::8000:f227:bec8:61af");
  EXPECT_EQ(o.inner.protocol, ip_proto::kIcmpV6);
}

TEST(Teredo, BubbleMakesNoFlowAndNoAnomaly) {
  const auto o = open_frame("tunnels/Teredo.pcap", 29);
  EXPECT_EQ(o.status, DecodeStatus::no_transport);
  EXPECT_EQ(anomaly(*o.decoder, Anomaly::ipv6_no_next), 0U);
}

TEST(Ayiya, LargeIdentityIsSkipped) {
  const auto o = open_frame("tunnels/ayiya-large-identity.pcap", 1);
  ASSERT_EQ(o.status, DecodeStatus::ok);
  EXPECT_EQ(o.inner.tunnel, TunnelType::ayiya);
  EXPECT_EQ(o.inner.src.to_string(), "fd00::1");
  EXPECT_EQ(o.inner.dst_port, 40001);
}

// ---- Built packets: what goes wrong --------------------------------------------------------

build::Bytes inner_icmp() {
  return build::ipv4(ip_proto::kIcmp, build::Bytes{8, 0, 0, 0, 0, 1, 0, 1}, {"10.9.0.1", "10.9.0.2"});
}
build::Bytes over_udp(std::uint16_t dport, const build::Bytes& payload) {
  return build::eth4(build::ipv4(ip_proto::kUdp, build::udp(40000, dport, payload)));
}

TEST(TunnelDamage, VxlanWithoutTheIFlagIsNotVxlan) {
  Decoder d;
  DecodedPacket inner;
  EXPECT_EQ(open_built(over_udp(4789, build::vxlan(build::eth4(inner_icmp()), 0x00)), TunnelType::vxlan, inner, d),
            DecodeStatus::not_tunnel);
  EXPECT_EQ(anomaly(d, Anomaly::bad_vxlan_flags), 1U);
  EXPECT_EQ(open_built(over_udp(4789, build::Bytes{0x08, 0, 0}), TunnelType::vxlan, inner, d),
            DecodeStatus::not_tunnel);
  EXPECT_EQ(anomaly(d, Anomaly::truncated_vxlan), 1U);
  EXPECT_EQ(open_built(over_udp(4789, build::vxlan({})), TunnelType::vxlan, inner, d), DecodeStatus::malformed);
  EXPECT_EQ(anomaly(d, Anomaly::empty_tunnel_packet), 1U);
  EXPECT_EQ(d.counters().tunnel(TunnelType::vxlan).malformed, 3U);
}

TEST(TunnelDamage, BrokenInnerPacketIsNamedAndGivesNoPacket) {
  Decoder d;
  DecodedPacket inner;
  build::Bytes cut = inner_icmp();
  cut.resize(12);  // the inner IPv4 header cut in half
  EXPECT_EQ(open_built(over_udp(4789, build::vxlan(build::eth4(cut))), TunnelType::vxlan, inner, d),
            DecodeStatus::malformed);
  EXPECT_EQ(anomaly(d, Anomaly::truncated_ip_header), 1U);
  EXPECT_EQ(d.counters().tunnel(TunnelType::vxlan).packets, 0U);
}

TEST(TunnelDamage, GeneveVersionAndOptions) {
  Decoder d;
  DecodedPacket inner;
  EXPECT_EQ(open_built(over_udp(6081, build::geneve(0x0800, inner_icmp(), 1)), TunnelType::geneve, inner, d),
            DecodeStatus::malformed);
  EXPECT_EQ(anomaly(d, Anomaly::bad_geneve_version), 1U);
  build::Bytes short_options = build::geneve(0x0800, {}, 0, 0);
  short_options[0] = 0x02;  // claims 8 bytes of options that are not there
  EXPECT_EQ(open_built(over_udp(6081, short_options), TunnelType::geneve, inner, d), DecodeStatus::not_tunnel);
  EXPECT_EQ(open_built(over_udp(6081, build::geneve(0x0800, inner_icmp(), 0, 2)), TunnelType::geneve, inner, d),
            DecodeStatus::ok);
  EXPECT_EQ(inner.src.to_string(), "10.9.0.1");
}

TEST(TunnelDamage, GreHeaders) {
  Decoder d;
  DecodedPacket inner;
  const auto over_gre = [](const build::Bytes& g) { return build::eth4(build::ipv4(ip_proto::kGre, g)); };
  EXPECT_EQ(open_built(over_gre(build::gre(0x0800, inner_icmp(), 0x3000)), TunnelType::gre, inner, d),
            DecodeStatus::ok);  // key and sequence number
  EXPECT_EQ(inner.src.to_string(), "10.9.0.1");
  EXPECT_EQ(open_built(over_gre(build::gre(0x0800, inner_icmp(), 0x4000)), TunnelType::gre, inner, d),
            DecodeStatus::malformed);  // routing
  EXPECT_EQ(open_built(over_gre(build::gre(0x0800, inner_icmp(), 0x0002)), TunnelType::gre, inner, d),
            DecodeStatus::malformed);  // version 2
  EXPECT_EQ(anomaly(d, Anomaly::unsupported_gre_header), 2U);
  EXPECT_EQ(open_built(over_gre(build::Bytes{0x20, 0, 0x08, 0}), TunnelType::gre, inner, d), DecodeStatus::malformed);
  EXPECT_EQ(anomaly(d, Anomaly::truncated_gre), 1U);
  // Transparent Ethernet bridging.
  EXPECT_EQ(open_built(over_gre(build::gre(0x6558, build::eth4(inner_icmp()))), TunnelType::gre, inner, d),
            DecodeStatus::ok);
  // A protocol type nobody decodes is counted as an undecoded EtherType, not invented.
  EXPECT_EQ(open_built(over_gre(build::gre(0x88b5, build::Bytes(40, 1))), TunnelType::gre, inner, d),
            DecodeStatus::not_ip);
}

TEST(TunnelDamage, GtpVersionsAndPayloads) {
  Decoder d;
  DecodedPacket inner;
  EXPECT_EQ(open_built(over_udp(2152, build::gtpu(inner_icmp(), 0x50)), TunnelType::gtpv1, inner, d),
            DecodeStatus::not_tunnel);  // version 2
  EXPECT_EQ(anomaly(d, Anomaly::bad_gtp_header), 1U);
  EXPECT_EQ(open_built(over_udp(2152, build::gtpu(inner_icmp(), 0x20)), TunnelType::gtpv1, inner, d),
            DecodeStatus::no_inner);  // PT 0: GTP'
  build::Bytes padded = inner_icmp();
  padded.push_back(0);
  EXPECT_EQ(open_built(over_udp(2152, build::gtpu(padded)), TunnelType::gtpv1, inner, d), DecodeStatus::not_tunnel);
  EXPECT_EQ(anomaly(d, Anomaly::inner_ip_length_mismatch), 1U);
  EXPECT_EQ(open_built(over_udp(2152, build::gtpu(build::Bytes(24, 0x11))), TunnelType::gtpv1, inner, d),
            DecodeStatus::not_tunnel);  // not IP
  EXPECT_EQ(open_built(over_udp(2152, build::gtpu(inner_icmp())), TunnelType::gtpv1, inner, d), DecodeStatus::ok);
}

TEST(TunnelDamage, GtpInsideGtpIsRefused) {
  Decoder d;
  DecodedPacket inner;
  const build::Bytes nested =
      build::ipv4(ip_proto::kUdp, build::udp(2152, 2152, build::gtpu(inner_icmp())), {"10.8.0.1", "10.8.0.2"});
  ASSERT_EQ(open_built(over_udp(2152, build::gtpu(nested)), TunnelType::gtpv1, inner, d), DecodeStatus::ok);
  DecodedPacket innermost;
  EXPECT_EQ(d.decapsulate(inner, TunnelType::gtpv1, innermost), DecodeStatus::not_tunnel);
}

TEST(TunnelDamage, TeredoHeaders) {
  Decoder d;
  DecodedPacket inner;
  EXPECT_EQ(open_built(over_udp(3544, build::Bytes(48, 0x22)), TunnelType::teredo, inner, d), DecodeStatus::not_tunnel);
  EXPECT_EQ(anomaly(d, Anomaly::bad_teredo_header), 1U);
  const build::Bytes v6 = build::ipv6(ip_proto::kUdp, build::udp(1, 2, {}));
  build::Bytes origin{0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  EXPECT_EQ(open_built(over_udp(3544, build::cat(origin, v6)), TunnelType::teredo, inner, d), DecodeStatus::ok);
  EXPECT_EQ(open_built(over_udp(3544, build::cat(build::cat(origin, origin), v6)), TunnelType::teredo, inner, d),
            DecodeStatus::not_tunnel);  // two origin indications
}

TEST(TunnelDamage, AyiyaOpcodesAndNextHeaders) {
  Decoder d;
  DecodedPacket inner;
  EXPECT_EQ(open_built(over_udp(5072, build::ayiya(inner_icmp(), 4)), TunnelType::ayiya, inner, d), DecodeStatus::ok);
  EXPECT_EQ(open_built(over_udp(5072, build::ayiya(inner_icmp(), 4, 0)), TunnelType::ayiya, inner, d),
            DecodeStatus::no_inner);  // a keepalive
  EXPECT_EQ(open_built(over_udp(5072, build::ayiya(inner_icmp(), 17)), TunnelType::ayiya, inner, d),
            DecodeStatus::malformed);
  EXPECT_EQ(anomaly(d, Anomaly::bad_ayiya_next_header), 1U);
  build::Bytes cut = build::ayiya({}, 4);
  cut.resize(20);
  EXPECT_EQ(open_built(over_udp(5072, cut), TunnelType::ayiya, inner, d), DecodeStatus::not_tunnel);
}

TEST(TunnelDamage, IpInIpMustBeTheVersionItsProtocolNames) {
  Decoder d;
  DecodedPacket inner;
  const auto outer = [](std::uint8_t proto, const build::Bytes& in) { return build::eth4(build::ipv4(proto, in)); };
  EXPECT_EQ(open_built(outer(4, inner_icmp()), TunnelType::ip_in_ip, inner, d), DecodeStatus::ok);
  EXPECT_EQ(inner.tunnel, TunnelType::ip_in_ip);
  EXPECT_EQ(open_built(outer(41, inner_icmp()), TunnelType::ip_in_ip, inner, d), DecodeStatus::malformed);
  EXPECT_EQ(anomaly(d, Anomaly::truncated_ip_header) + anomaly(d, Anomaly::bad_ip_version), 1U);
  EXPECT_EQ(open_built(outer(41, build::ipv6(ip_proto::kUdp, build::udp(1, 2, {}))), TunnelType::ip_in_ip, inner, d),
            DecodeStatus::ok);
  EXPECT_EQ(inner.ip_version, 6);
}

TEST(TunnelDamage, NestingPastTheDepthLimitIsRefusedAndCounted) {
  DecoderConfig config;
  config.max_tunnel_depth = 1;
  Decoder d(config);
  DecodedPacket inner;
  const build::Bytes twice = build::ipv4(4, inner_icmp(), {"10.7.0.1", "10.7.0.2"});
  ASSERT_EQ(open_built(build::eth4(build::ipv4(4, twice)), TunnelType::ip_in_ip, inner, d), DecodeStatus::ok);
  DecodedPacket deeper;
  EXPECT_EQ(d.decapsulate(inner, TunnelType::ip_in_ip, deeper), DecodeStatus::too_deep);
  EXPECT_EQ(anomaly(d, Anomaly::tunnel_depth_exceeded), 1U);
}

TEST(NoNextHeader, OutsideTeredoIsAnAnomalyAndNoFlow) {
  Decoder d;
  DecodedPacket p;
  const build::Bytes bytes = build::ethernet(0x86dd, build::ipv6(ip_proto::kNoNextHeader, {}));
  EXPECT_EQ(d.decode(build::frame(bytes), p), DecodeStatus::no_transport);
  EXPECT_EQ(anomaly(d, Anomaly::ipv6_no_next), 1U);
}

}  // namespace
}  // namespace gp::test
