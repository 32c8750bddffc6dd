// Who asked whom: the client and the service of a flow, for grouping by destination port.
// Zeek's originator is the right answer for conn.log compatibility, but two cases need the
// initiator instead: a reply nobody asked for (backscatter: the SYN-ACK/RST sender is the
// "server" whose port matters), and UDP clients that send from a well-known port (an NTP
// client on 123 aimed at the wrong port is a conversation with that wrong port).
#pragma once

#include <cstdint>

#include "common/ip_address.hpp"
#include "capture/flow/conn_record.hpp"
#include "capture/flow/flow.hpp"

namespace gp {

struct Orientation {
  IpAddress client;
  IpAddress server;
  std::uint16_t port = 0;  // the service's port (ICMP: the type of the opening message)
  std::uint8_t ip_proto = 0;
  bool client_is_orig = true;  // whether the client is Zeek's originator
  bool unsolicited = false;    // the "client" never sent a request: backscatter
};

Orientation orient(const Flow& flow, const ConnRecord& record);

}  // namespace gp
