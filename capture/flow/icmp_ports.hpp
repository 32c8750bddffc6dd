// How Zeek (and Community ID) turn an ICMP type/code into a flow's "ports": the type is
// the source port; the destination port is the type of the matching reply for
// request/reply pairs (echo, timestamp, …), else the code, and the flow is one-way.
#pragma once

#include <cstdint>

namespace gp {

struct IcmpPorts {
  std::uint16_t src_port;
  std::uint16_t dst_port;
  bool one_way;
};

IcmpPorts icmp_ports(bool v6, std::uint8_t type, std::uint8_t code);

}  // namespace gp
