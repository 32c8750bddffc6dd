// Tunnels: which encapsulation a decoded packet carries, decided as Zeek decides it.
//
// IP-level tunnels are chosen by the IP protocol alone (Zeek's IP analyzer table: 4 and 41
// IP-in-IP / 6in4, 47 GRE). UDP tunnels are chosen by the flow's responder port, after
// the role decision (Zeek forwards a UDP payload on the connection's responder port, never
// the source port of the packet), and when no tunnel owns that port, by looking at the
// payload (Teredo and AYIYA, Zeek's protocol detection). The flow decides, so this header
// only names the tunnels and holds the tables; Decoder::decapsulate opens them.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace gp {

enum class TunnelType : std::uint8_t {
  none,
  ip_in_ip,  // IPv4 or IPv6 in IPv4 or IPv6 (protocols 4 and 41: IP-in-IP, 6in4, 4in6)
  gre,       // GRE (RFC 2784/2890), PPTP's enhanced GRE, ERSPAN I/II/III, GRE-in-UDP (RFC 8086)
  vxlan,     // RFC 7348, UDP 4789 (AWS VPC Traffic Mirroring)
  geneve,    // RFC 8926, UDP 6081
  gtpv1,     // GTP-U, UDP 2152 (and 2123, as Zeek registers it)
  teredo,    // RFC 4380, UDP 3544 or detected
  ayiya,     // "Anything In Anything", UDP 5072 or detected
  count_     // keep last
};
inline constexpr std::size_t kTunnelTypes = static_cast<std::size_t>(TunnelType::count_);

// "VXLAN", "GTPv1", … as Zeek's tunnel.log names them (Tunnel::Type), "IP" for IP-in-IP.
std::string_view to_string(TunnelType t);

// Tunnels carried in a UDP flow: a broken one marks that flow (Zeek's analyzer violation)
// and is not tried on it again.
constexpr bool carried_over_udp(TunnelType t) { return t >= TunnelType::vxlan && t != TunnelType::count_; }
constexpr std::uint16_t tunnel_bit(TunnelType t) { return static_cast<std::uint16_t>(1U << static_cast<unsigned>(t)); }

namespace tunnel_port {  // IANA, and Zeek's defaults
inline constexpr std::uint16_t kVxlan = 4789;
inline constexpr std::uint16_t kGeneve = 6081;
inline constexpr std::uint16_t kGtpUser = 2152;
inline constexpr std::uint16_t kGtpControl = 2123;
inline constexpr std::uint16_t kTeredo = 3544;
inline constexpr std::uint16_t kAyiya = 5072;
inline constexpr std::uint16_t kGreInUdp = 4754;
}  // namespace tunnel_port

// The tunnel an IP protocol number is, or none.
TunnelType tunnel_for_ip_protocol(std::uint8_t protocol);

// The tunnel a UDP payload is in: the one registered for `resp_port`, else the first whose
// detector accepts the payload (Teredo, then AYIYA), else none.
TunnelType tunnel_for_udp(std::uint16_t resp_port, std::span<const std::uint8_t> payload);

}  // namespace gp
