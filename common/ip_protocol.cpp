#include "common/ip_protocol.hpp"

namespace gp {

std::string_view transport_name(std::uint8_t ip_proto) noexcept {
  switch (ip_proto) {
    case ip_proto::kTcp: return "tcp";
    case ip_proto::kUdp: return "udp";
    case ip_proto::kIcmp:
    case ip_proto::kIcmpV6: return "icmp";
    default: return "other";
  }
}

std::string ip_protocol_name(std::uint8_t ip_proto) {
  switch (ip_proto) {
    case ip_proto::kTcp: return "tcp";
    case ip_proto::kUdp: return "udp";
    case ip_proto::kIcmp: return "icmp";
    case ip_proto::kIcmpV6: return "icmp6";
    default: return "ip" + std::to_string(ip_proto);
  }
}

std::string_view zeek_transport_name(std::uint8_t ip_proto) noexcept {
  const std::string_view name = transport_name(ip_proto);
  return name == "other" ? "unknown_transport" : name;
}

}  // namespace gp
