// Named counters for everything the decoders could not turn into an IP packet, like Zeek's
// weird.log names: each anomaly is a closed enum with a snake_case name, and undecoded
// link types / EtherTypes are counted by number and reported with their names.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

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
  ip_length_beyond_frame,    // IP length beyond the frame as it was on the wire (Zeek's truncated_IP)
  ip_total_length_zero,      // IPv4 total length 0 (TCP segmentation offload): captured length used
  incompletely_captured_fragment,  // a fragment the snaplen cut cannot be reassembled
  too_many_layers,           // encapsulations nested deeper than the decoder follows
  count_  // keep last
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

struct DecodeCounters {
  std::uint64_t frames = 0;
  std::uint64_t ip_packets = 0;
  std::uint64_t not_ip = 0;
  std::uint64_t fragments = 0;
  std::uint64_t reassembled = 0;
  std::array<std::uint64_t, static_cast<std::size_t>(Anomaly::count_)> anomalies{};
  // (layer, number) -> packets, e.g. (link_type, 127) for IEEE802_11_RADIO.
  std::map<std::pair<UndecodedLayer, std::uint32_t>, std::uint64_t> undecoded;

  void count(Anomaly a) { ++anomalies[static_cast<std::size_t>(a)]; }
  std::uint64_t get(Anomaly a) const { return anomalies[static_cast<std::size_t>(a)]; }
};

// "1,204 packets of link type 127 (IEEE802_11_RADIO) not decoded"-style description.
std::string describe_undecoded(UndecodedLayer layer, std::uint32_t value, std::uint64_t packets);

}  // namespace gp
