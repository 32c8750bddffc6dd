// IP protocol numbers and their names: the one place they are spelled. Three vocabularies,
// each an output contract of its own:
//   - transport_name: how ghostport groups ports and conversations ("tcp", "udp", "icmp" for
//     ICMPv4 and ICMPv6 alike, "other"): tables, JSON, CSV, rules' `transport`;
//   - ip_protocol_name: the protocol exactly ("icmp6", "ip47"): scan reports and their events;
//   - zeek_transport_name: Zeek's conn.log `proto` ("unknown_transport" for the rest).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace gp {

namespace ip_proto {
inline constexpr std::uint8_t kIcmp = 1;
inline constexpr std::uint8_t kTcp = 6;
inline constexpr std::uint8_t kUdp = 17;
inline constexpr std::uint8_t kIcmpV6 = 58;
inline constexpr std::uint8_t kIpInIp = 4;
inline constexpr std::uint8_t kIpv6InIp = 41;
inline constexpr std::uint8_t kGre = 47;
inline constexpr std::uint8_t kEsp = 50;
inline constexpr std::uint8_t kNoNextHeader = 59;
inline constexpr std::uint8_t kSctp = 132;
}  // namespace ip_proto

std::string_view transport_name(std::uint8_t ip_proto) noexcept;
std::string ip_protocol_name(std::uint8_t ip_proto);
std::string_view zeek_transport_name(std::uint8_t ip_proto) noexcept;

}  // namespace gp
