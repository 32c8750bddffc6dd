// Named counters for everything the decoders could not turn into an IP packet, like Zeek's
// weird.log names: each anomaly is a closed enum with a snake_case name, and undecoded
// link types / EtherTypes are counted by number and reported with their names.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "capture/decode/tunnel.hpp"

namespace gp {

enum class Anomaly : std::uint8_t {
  truncated_link_header,
  truncated_vlan_header,
  truncated_mpls_header,
  truncated_pppoe_header,
  bad_nflog_tlv,
  truncated_ip_header,
  bad_ip_version,
  bad_ip_header_length,
  ip_total_length_too_small,
  truncated_ip_payload,  // IP total length beyond the captured bytes (snaplen-cut)
  bad_ipv6_extension_header,
  truncated_ipv6_extension_header,
  fragment_overlap,
  fragment_too_large,
  fragment_pool_full,
  fragment_timeout,
  truncated_tcp_header,
  bad_tcp_header_length,
  truncated_udp_header,
  bad_udp_length,
  truncated_icmp_header,
  // Added with the decoders:
  truncated_ppp_header,
  ip_length_beyond_frame,          // IP length beyond the frame as it was on the wire (Zeek's truncated_IP)
  ip_total_length_zero,            // IPv4 total length 0 (TCP segmentation offload): captured length used
  incompletely_captured_fragment,  // a fragment the snaplen cut cannot be reassembled
  too_many_layers,                 // encapsulations nested deeper than the decoder follows
  // Added with tunnel decapsulation (issue 12), Zeek's weird names where Zeek has one:
  ipv6_no_next,            // IPv6 "No Next Header" outside a Teredo bubble: no flow
  tunnel_depth_exceeded,   // a tunnel inside more tunnels than DecoderConfig::max_tunnel_depth
  empty_tunnel_packet,     // a tunnel header with no packet after it
  truncated_gre,           // GRE header (with its options, ERSPAN or PPTP parts) cut short
  unsupported_gre_header,  // GRE version other than 0/1, routing, reserved flags, PPTP not carrying PPP
  truncated_vxlan,
  bad_vxlan_flags,  // the I flag (a valid VNI) is not set
  truncated_geneve,
  bad_geneve_version,
  truncated_gtp,
  bad_gtp_header,  // GTP version other than 1, GTP inside GTP, a G-PDU that is not IP
  truncated_teredo,
  bad_teredo_header,  // neither origin indication, authentication nor IPv6
  truncated_ayiya,
  bad_ayiya_next_header,     // AYIYA forwarding something other than IPv4/IPv6
  inner_ip_length_mismatch,  // a tunnelled IP packet whose length is not what the tunnel carried
  count_                     // keep last
};

std::string_view to_string(Anomaly a);

// What kind of layer could not be decoded.
enum class UndecodedLayer : std::uint8_t {
  link_type,
  ethertype,
  ppp_protocol,
  ip_protocol,
  llc_sap,          // 802.3 frame with an LLC header: the DSAP (0x42 is STP)
  address_family,   // BSD loopback / NFLOG address family that is not IPv4 or IPv6
  mpls_payload,     // what follows the MPLS label stack, by its first nibble
  wifi_frame_type,  // 802.11 management/control frames: (type << 4) | subtype
};
std::string_view to_string(UndecodedLayer l);

// What decapsulation did, per tunnel type: inner IP packets handed on, inner frames that
// were not IP (ARP in VXLAN), and tunnel packets whose header or inner packet was broken
// (the anomaly names say what broke).
struct TunnelCounters {
  std::uint64_t packets = 0;
  std::uint64_t not_ip = 0;
  std::uint64_t malformed = 0;
};

// SPAN duplicates (Decoder's dedup filter): copies of an IP packet seen again within the
// window, its bytes equal but for what a switch or router rewrites.
struct DuplicateCounters {
  std::uint64_t dropped = 0;         // --dedup on: copies not decoded further
  std::uint64_t seen_kept = 0;       // --dedup off: copies seen within the watch window, kept
  std::uint64_t table_pressure = 0;  // a recent packet forgotten before its window ended
  // The windows in force, from DecoderConfig: `window` is --dedup's (0: off); `watch_window`
  // the one copies were still looked for in when it is off.
  std::int64_t window = 0;
  std::int64_t watch_window = 0;

  // Copies were seen and kept (--dedup off): every count they touch is doubled. What a
  // summary, the live one included, should warn about.
  bool kept() const { return window == 0 && seen_kept > 0; }
};

struct DecodeCounters {
  std::uint64_t frames = 0;
  std::uint64_t ip_packets = 0;
  std::uint64_t not_ip = 0;
  std::uint64_t fragments = 0;
  std::uint64_t reassembled = 0;
  std::array<std::uint64_t, static_cast<std::size_t>(Anomaly::count_)> anomalies{};
  // (layer, number) -> packets, e.g. (link_type, 127) for IEEE802_11_RADIO.
  std::map<std::pair<UndecodedLayer, std::uint32_t>, std::uint64_t> undecoded;
  std::array<TunnelCounters, kTunnelTypes> tunnels{};  // indexed by TunnelType
  DuplicateCounters duplicates;

  void count(Anomaly a) { ++anomalies[static_cast<std::size_t>(a)]; }
  TunnelCounters& tunnel(TunnelType t) { return tunnels[static_cast<std::size_t>(t)]; }
  const TunnelCounters& tunnel(TunnelType t) const { return tunnels[static_cast<std::size_t>(t)]; }
  std::uint64_t get(Anomaly a) const { return anomalies[static_cast<std::size_t>(a)]; }
  // Another decoder's counts added in (the workers of -j, files read independently); the
  // duplicate windows are configuration and are taken as they are.
  void add(const DecodeCounters& other);
};

// "1,204 packets of link type 127 (IEEE802_11_RADIO) not decoded"-style description.
std::string describe_undecoded(UndecodedLayer layer, std::uint32_t value, std::uint64_t packets);

}  // namespace gp
