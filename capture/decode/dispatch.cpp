// The dispatch table. Numbers come from pcap/dlt.h, IEEE's EtherType registry, RFC 1661's
// PPP protocol field, the BSD AF_* values written by DLT_NULL/DLT_LOOP, and IANA's
// protocol numbers.
#include "capture/decode/dispatch.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "capture/decode/tunnel.hpp"

namespace gp {
namespace {

// Deeper than any real stack of tags (Zeek gives up far earlier); stops crafted frames of
// thousands of nested VLAN tags from recursing through the stack.
constexpr int kMaxLayers = 32;

template <typename Key, typename Fn, std::size_t N>
constexpr Fn find(const std::array<std::pair<Key, Fn>, N>& table, Key key) {
  for (const auto& [k, fn] : table) {
    if (k == key) return fn;
  }
  return nullptr;
}

constexpr std::array<std::pair<int, LayerDecoder>, 16> kLinkTypes{{
    {dlt::kNull, decode_null_loopback},
    {dlt::kLoop, decode_null_loopback},
    {dlt::kEn10Mb, decode_ethernet},
    {dlt::kPpp, decode_ppp},
    {dlt::kPppSerial, decode_ppp},
    {dlt::kRaw, decode_raw_ip},
    {dlt::kRawOpenBsd, decode_raw_ip},
    {dlt::kLinktypeRaw, decode_raw_ip},
    {dlt::kIpv4, decode_raw_ip},
    {dlt::kIpv6, decode_raw_ip},
    {dlt::kLinuxSll, decode_linux_sll},
    {dlt::kLinuxSll2, decode_linux_sll2},
    {dlt::kNflog, decode_nflog},
    {dlt::kMpls, decode_mpls},
    {dlt::kIeee80211, decode_ieee80211},
    {dlt::kIeee80211Radio, decode_radiotap},
}};

constexpr std::array<std::pair<std::uint16_t, LayerDecoder>, 12> kEtherTypes{{
    {ethertype::kIpv4, decode_ipv4},
    {ethertype::kIpv6, decode_ipv6},
    {ethertype::kVlan, decode_vlan},
    {ethertype::kQinQ, decode_vlan},
    {ethertype::kQinQOld1, decode_vlan},
    {ethertype::kQinQOld2, decode_vlan},
    {ethertype::kMplsUnicast, decode_mpls},
    {ethertype::kMplsMulticast, decode_mpls},
    {ethertype::kPppoeSession, decode_pppoe_session},
    {ethertype::kPbb, decode_pbb},
    {ethertype::kVnTag, decode_vntag},
    {ethertype::kFabricPath, decode_fabricpath},
}};

// RFC 1661 PPP protocol field: 0x0021 IPv4, 0x0057 IPv6.
constexpr std::array<std::pair<std::uint16_t, LayerDecoder>, 2> kPppProtocols{{
    {0x0021, decode_ipv4},
    {0x0057, decode_ipv6},
}};

// AF_INET is 2 everywhere; AF_INET6 is 24 (NetBSD/OpenBSD), 28 (FreeBSD/DragonFly),
// 30 (macOS) in BSD loopback headers, and 10 on Linux (NFLOG).
constexpr std::array<std::pair<std::uint32_t, LayerDecoder>, 5> kAddressFamilies{{
    {2, decode_ipv4},
    {10, decode_ipv6},
    {24, decode_ipv6},
    {28, decode_ipv6},
    {30, decode_ipv6},
}};

constexpr std::array<std::pair<std::uint8_t, LayerDecoder>, 2> kIpVersions{{
    {4, decode_ipv4},
    {6, decode_ipv6},
}};

constexpr std::array<std::pair<std::uint8_t, TransportDecoder>, 4> kIpProtocols{{
    {ip_proto::kTcp, decode_tcp},
    {ip_proto::kUdp, decode_udp},
    {ip_proto::kIcmp, decode_icmp},
    {ip_proto::kIcmpV6, decode_icmpv6},
}};

// Tunnels by IP protocol (Zeek's IP analyzer: 4 and 41 to IPTunnel, 47 to GRE).
constexpr std::array<std::pair<std::uint8_t, TunnelType>, 3> kIpTunnels{{
    {ip_proto::kIpInIp, TunnelType::ip_in_ip},
    {ip_proto::kIpv6InIp, TunnelType::ip_in_ip},
    {ip_proto::kGre, TunnelType::gre},
}};

// Tunnels by UDP responder port: Zeek's registrations, and GRE-in-UDP (RFC 8086).
constexpr std::array<std::pair<std::uint16_t, TunnelType>, 7> kUdpTunnels{{
    {tunnel_port::kVxlan, TunnelType::vxlan},
    {tunnel_port::kGeneve, TunnelType::geneve},
    {tunnel_port::kGtpUser, TunnelType::gtpv1},
    {tunnel_port::kGtpControl, TunnelType::gtpv1},
    {tunnel_port::kTeredo, TunnelType::teredo},
    {tunnel_port::kAyiya, TunnelType::ayiya},
    {tunnel_port::kGreInUdp, TunnelType::gre},
}};

constexpr std::array<std::pair<TunnelType, LayerDecoder>, 7> kTunnelDecoders{{
    {TunnelType::ip_in_ip, decode_ip_in_ip},
    {TunnelType::gre, decode_gre},
    {TunnelType::vxlan, decode_vxlan},
    {TunnelType::geneve, decode_geneve},
    {TunnelType::gtpv1, decode_gtpv1},
    {TunnelType::teredo, decode_teredo},
    {TunnelType::ayiya, decode_ayiya},
}};

bool too_deep(LayerContext& ctx) { return ++ctx.depth > kMaxLayers; }

}  // namespace

DecodeStatus dispatch_link_type(int link_type, Bytes bytes, LayerContext& ctx) {
  if (too_deep(ctx)) return malformed(ctx, Anomaly::too_many_layers);
  if (const LayerDecoder next = find(kLinkTypes, link_type)) return next(bytes, ctx);
  ++ctx.counters.undecoded[{UndecodedLayer::link_type, static_cast<std::uint32_t>(link_type)}];
  return DecodeStatus::undecoded;
}

DecodeStatus dispatch_ethertype(std::uint16_t type, Bytes bytes, LayerContext& ctx) {
  if (too_deep(ctx)) return malformed(ctx, Anomaly::too_many_layers);
  if (const LayerDecoder next = find(kEtherTypes, type)) return next(bytes, ctx);
  return not_ip(ctx, UndecodedLayer::ethertype, type);
}

DecodeStatus dispatch_ip_version(Bytes bytes, LayerContext& ctx) {
  if (too_deep(ctx)) return malformed(ctx, Anomaly::too_many_layers);
  if (bytes.empty()) return malformed(ctx, Anomaly::truncated_ip_header);
  const auto version = static_cast<std::uint8_t>(bytes[0] >> 4);
  if (const LayerDecoder next = find(kIpVersions, version)) return next(bytes, ctx);
  return malformed(ctx, Anomaly::bad_ip_version);
}

DecodeStatus dispatch_ppp_protocol(std::uint16_t protocol, Bytes bytes, LayerContext& ctx) {
  if (too_deep(ctx)) return malformed(ctx, Anomaly::too_many_layers);
  if (const LayerDecoder next = find(kPppProtocols, protocol)) return next(bytes, ctx);
  return not_ip(ctx, UndecodedLayer::ppp_protocol, protocol);
}

DecodeStatus dispatch_address_family(std::uint32_t family, Bytes bytes, LayerContext& ctx) {
  if (too_deep(ctx)) return malformed(ctx, Anomaly::too_many_layers);
  if (const LayerDecoder next = find(kAddressFamilies, family)) return next(bytes, ctx);
  return not_ip(ctx, UndecodedLayer::address_family, family);
}

DecodeStatus dispatch_ip_protocol(std::uint8_t protocol, Bytes bytes, std::uint32_t ip_payload_len, LayerContext& ctx) {
  if (const TransportDecoder next = find(kIpProtocols, protocol)) return next(bytes, ip_payload_len, ctx);
  if (protocol == ip_proto::kNoNextHeader && ctx.out.ip_version == 6) {
    // Nothing above IP: no flow, as in Zeek. A Teredo bubble is this by design; elsewhere
    // it is Zeek's ipv6_no_next weird.
    if (ctx.out.tunnel != TunnelType::teredo) ctx.counters.count(Anomaly::ipv6_no_next);
    return DecodeStatus::no_transport;
  }
  // Every other IP protocol makes a flow (Zeek's unknown_ip_protocol connections): no ports.
  ctx.out.payload = bytes.first(std::min<std::size_t>(bytes.size(), ip_payload_len));
  ctx.out.payload_len = ip_payload_len;
  return DecodeStatus::ok;
}

TunnelType tunnel_for_ip_protocol(std::uint8_t protocol) {
  for (const auto& [p, t] : kIpTunnels) {
    if (p == protocol) return t;
  }
  return TunnelType::none;
}

TunnelType tunnel_for_udp(std::uint16_t resp_port, std::span<const std::uint8_t> payload) {
  for (const auto& [p, t] : kUdpTunnels) {
    if (p == resp_port) return t;
  }
  if (looks_like_teredo(payload)) return TunnelType::teredo;
  if (looks_like_ayiya(payload)) return TunnelType::ayiya;
  return TunnelType::none;
}

DecodeStatus dispatch_tunnel(TunnelType type, Bytes bytes, LayerContext& ctx) {
  if (const LayerDecoder next = find(kTunnelDecoders, type)) return next(bytes, ctx);
  return DecodeStatus::no_inner;
}

std::string_view to_string(TunnelType t) {
  switch (t) {
    case TunnelType::none: return "none";
    case TunnelType::ip_in_ip: return "IP";
    case TunnelType::gre: return "GRE";
    case TunnelType::vxlan: return "VXLAN";
    case TunnelType::geneve: return "Geneve";
    case TunnelType::gtpv1: return "GTPv1";
    case TunnelType::teredo: return "Teredo";
    case TunnelType::ayiya: return "AYIYA";
    case TunnelType::count_: break;
  }
  return "tunnel";
}

}  // namespace gp
