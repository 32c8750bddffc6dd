#include "capture/decode/counters.hpp"

#include <array>
#include <cstdio>
#include <utility>

namespace gp {
namespace {

// libpcap's pcap_datalink_val_to_name() names for the link types one meets in practice.
constexpr std::array<std::pair<std::uint32_t, std::string_view>, 44> kLinkTypeNames{{
    {0, "NULL"},
    {1, "EN10MB"},
    {6, "IEEE802"},
    {7, "ARCNET"},
    {8, "SLIP"},
    {9, "PPP"},
    {10, "FDDI"},
    {11, "ATM_RFC1483"},
    {12, "RAW"},
    {14, "RAW"},
    {50, "PPP_SERIAL"},
    {51, "PPP_ETHER"},
    {101, "RAW"},
    {104, "C_HDLC"},
    {105, "IEEE802_11"},
    {107, "FRELAY"},
    {108, "LOOP"},
    {109, "ENC"},
    {113, "LINUX_SLL"},
    {117, "PFLOG"},
    {119, "PRISM_HEADER"},
    {122, "IP_OVER_FC"},
    {127, "IEEE802_11_RADIO"},
    {143, "DOCSIS"},
    {163, "IEEE802_11_RADIO_AVS"},
    {187, "BLUETOOTH_HCI_H4"},
    {189, "USB_LINUX"},
    {192, "PPI"},
    {195, "IEEE802_15_4"},
    {201, "BLUETOOTH_HCI_H4_WITH_PHDR"},
    {215, "IEEE802_15_4_NONASK_PHY"},
    {219, "MPLS"},
    {220, "USB_LINUX_MMAPPED"},
    {227, "CAN_SOCKETCAN"},
    {228, "IPV4"},
    {229, "IPV6"},
    {239, "NFLOG"},
    {249, "USBPCAP"},
    {251, "BLUETOOTH_LE_LL"},
    {253, "NETLINK"},
    {254, "BLUETOOTH_LINUX_MONITOR"},
    {256, "BLUETOOTH_LE_LL_WITH_PHDR"},
    {258, "PKTAP"},
    {276, "LINUX_SLL2"},
}};

constexpr std::array<std::pair<std::uint32_t, std::string_view>, 30> kEtherTypeNames{{
    {0x0800, "IPv4"},
    {0x0806, "ARP"},
    {0x0842, "Wake-on-LAN"},
    {0x22f0, "AVTP"},
    {0x22f3, "TRILL"},
    {0x6003, "DECnet"},
    {0x8035, "RARP"},
    {0x809b, "AppleTalk"},
    {0x80f3, "AARP"},
    {0x8100, "802.1Q"},
    {0x8137, "IPX"},
    {0x86dd, "IPv6"},
    {0x8808, "Ethernet flow control"},
    {0x8809, "Slow protocols (LACP)"},
    {0x8847, "MPLS"},
    {0x8848, "MPLS multicast"},
    {0x8863, "PPPoE discovery"},
    {0x8864, "PPPoE session"},
    {0x887b, "HomePlug"},
    {0x888e, "EAPOL"},
    {0x8892, "PROFINET"},
    {0x88a4, "EtherCAT"},
    {0x88a8, "802.1ad"},
    {0x88b8, "GOOSE"},
    {0x88cc, "LLDP"},
    {0x88e5, "MACsec"},
    {0x88f7, "PTP"},
    {0x8906, "FCoE"},
    {0x8914, "FIP"},
    {0x9000, "Loopback"},
}};

constexpr std::array<std::pair<std::uint32_t, std::string_view>, 9> kPppNames{{
    {0x0021, "IPv4"},
    {0x0057, "IPv6"},
    {0x002b, "IPX"},
    {0x0281, "MPLS"},
    {0x8021, "IPCP"},
    {0x8057, "IPV6CP"},
    {0xc021, "LCP"},
    {0xc023, "PAP"},
    {0xc223, "CHAP"},
}};

constexpr std::array<std::pair<std::uint32_t, std::string_view>, 5> kLlcNames{{
    {0x42, "STP"},
    {0xaa, "SNAP"},
    {0xe0, "IPX"},
    {0xf0, "NetBIOS"},
    {0xfe, "OSI"},
}};

template <std::size_t N>
std::string_view lookup(const std::array<std::pair<std::uint32_t, std::string_view>, N>& table, std::uint32_t v) {
  for (const auto& [k, name] : table) {
    if (k == v) return name;
  }
  return {};
}

std::string grouped(std::uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  out.reserve(digits.size() + digits.size() / 3);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string hex(std::uint32_t v, int width) {
  std::array<char, 16> buf{};
  std::snprintf(buf.data(), buf.size(), "0x%0*x", width, v);
  return buf.data();
}

}  // namespace

std::string_view to_string(Anomaly a) {
  switch (a) {
    case Anomaly::truncated_link_header: return "truncated_link_header";
    case Anomaly::truncated_vlan_header: return "truncated_vlan_header";
    case Anomaly::truncated_mpls_header: return "truncated_mpls_header";
    case Anomaly::truncated_pppoe_header: return "truncated_pppoe_header";
    case Anomaly::bad_nflog_tlv: return "bad_nflog_tlv";
    case Anomaly::truncated_ip_header: return "truncated_ip_header";
    case Anomaly::bad_ip_version: return "bad_ip_version";
    case Anomaly::bad_ip_header_length: return "bad_ip_header_length";
    case Anomaly::ip_total_length_too_small: return "ip_total_length_too_small";
    case Anomaly::truncated_ip_payload: return "truncated_ip_payload";
    case Anomaly::bad_ipv6_extension_header: return "bad_ipv6_extension_header";
    case Anomaly::truncated_ipv6_extension_header: return "truncated_ipv6_extension_header";
    case Anomaly::fragment_overlap: return "fragment_overlap";
    case Anomaly::fragment_too_large: return "fragment_too_large";
    case Anomaly::fragment_pool_full: return "fragment_pool_full";
    case Anomaly::fragment_timeout: return "fragment_timeout";
    case Anomaly::truncated_tcp_header: return "truncated_tcp_header";
    case Anomaly::bad_tcp_header_length: return "bad_tcp_header_length";
    case Anomaly::truncated_udp_header: return "truncated_udp_header";
    case Anomaly::bad_udp_length: return "bad_udp_length";
    case Anomaly::truncated_icmp_header: return "truncated_icmp_header";
    case Anomaly::truncated_ppp_header: return "truncated_ppp_header";
    case Anomaly::ip_length_beyond_frame: return "ip_length_beyond_frame";
    case Anomaly::ip_total_length_zero: return "ip_total_length_zero";
    case Anomaly::incompletely_captured_fragment: return "incompletely_captured_fragment";
    case Anomaly::too_many_layers: return "too_many_layers";
    case Anomaly::ipv6_no_next: return "ipv6_no_next";
    case Anomaly::tunnel_depth_exceeded: return "tunnel_depth_exceeded";
    case Anomaly::empty_tunnel_packet: return "empty_tunnel_packet";
    case Anomaly::truncated_gre: return "truncated_gre";
    case Anomaly::unsupported_gre_header: return "unsupported_gre_header";
    case Anomaly::truncated_vxlan: return "truncated_vxlan";
    case Anomaly::bad_vxlan_flags: return "bad_vxlan_flags";
    case Anomaly::truncated_geneve: return "truncated_geneve";
    case Anomaly::bad_geneve_version: return "bad_geneve_version";
    case Anomaly::truncated_gtp: return "truncated_gtp";
    case Anomaly::bad_gtp_header: return "bad_gtp_header";
    case Anomaly::truncated_teredo: return "truncated_teredo";
    case Anomaly::bad_teredo_header: return "bad_teredo_header";
    case Anomaly::truncated_ayiya: return "truncated_ayiya";
    case Anomaly::bad_ayiya_next_header: return "bad_ayiya_next_header";
    case Anomaly::inner_ip_length_mismatch: return "inner_ip_length_mismatch";
    case Anomaly::count_: break;
  }
  return "unknown_anomaly";
}

std::string_view to_string(UndecodedLayer l) {
  switch (l) {
    case UndecodedLayer::link_type: return "link type";
    case UndecodedLayer::ethertype: return "EtherType";
    case UndecodedLayer::ppp_protocol: return "PPP protocol";
    case UndecodedLayer::ip_protocol: return "IP protocol";
    case UndecodedLayer::llc_sap: return "802.2 LLC DSAP";
    case UndecodedLayer::address_family: return "address family";
    case UndecodedLayer::mpls_payload: return "MPLS payload with first nibble";
    case UndecodedLayer::wifi_frame_type: return "802.11 frame type/subtype";
  }
  return "layer";
}

std::string describe_undecoded(UndecodedLayer layer, std::uint32_t value, std::uint64_t packets) {
  std::string number;
  std::string_view name;
  switch (layer) {
    case UndecodedLayer::link_type:
      number = std::to_string(value);
      name = lookup(kLinkTypeNames, value);
      break;
    case UndecodedLayer::ethertype:
      number = hex(value, 4);
      name = lookup(kEtherTypeNames, value);
      break;
    case UndecodedLayer::ppp_protocol:
      number = hex(value, 4);
      name = lookup(kPppNames, value);
      break;
    case UndecodedLayer::llc_sap:
    case UndecodedLayer::wifi_frame_type:
      number = hex(value, 2);
      name = layer == UndecodedLayer::llc_sap ? lookup(kLlcNames, value) : std::string_view{};
      break;
    case UndecodedLayer::ip_protocol:
    case UndecodedLayer::address_family:
    case UndecodedLayer::mpls_payload: number = std::to_string(value); break;
  }
  std::string text = grouped(packets);
  text += packets == 1 ? " packet of " : " packets of ";
  text += to_string(layer);
  text += ' ';
  text += number;
  if (!name.empty()) {
    text += " (";
    text += name;
    text += ')';
  }
  text += " not decoded";
  return text;
}

void DecodeCounters::add(const DecodeCounters& other) {
  frames += other.frames;
  ip_packets += other.ip_packets;
  not_ip += other.not_ip;
  fragments += other.fragments;
  reassembled += other.reassembled;
  for (std::size_t i = 0; i < anomalies.size(); ++i) anomalies[i] += other.anomalies[i];
  for (const auto& [what, count] : other.undecoded) undecoded[what] += count;
  for (std::size_t i = 0; i < tunnels.size(); ++i) {
    tunnels[i].packets += other.tunnels[i].packets;
    tunnels[i].not_ip += other.tunnels[i].not_ip;
    tunnels[i].malformed += other.tunnels[i].malformed;
  }
  duplicates.dropped += other.duplicates.dropped;
  duplicates.seen_kept += other.duplicates.seen_kept;
  duplicates.table_pressure += other.duplicates.table_pressure;
  duplicates.window = other.duplicates.window;
  duplicates.watch_window = other.duplicates.watch_window;
}

}  // namespace gp
