// A conversation is a script of packets between two endpoints (a TCP session, a DNS
// exchange, a scan, a ping, an ICMP error), decided when it starts and played one packet at
// a time, so many conversations interleave the way they do on a real link.
#pragma once

#include <cstdint>
#include <vector>

#include "bench/gencap/frames.hpp"

namespace gp::bench {

enum class Payload : std::uint8_t { none, noise, http_request, http_response, ssh_banner, dns_query, dns_response };

enum class StepKind : std::uint8_t { tcp, udp, icmp, icmp_error };

struct Step {
  StepKind kind = StepKind::tcp;
  bool reverse = false;      // server to client
  bool from_router = false;  // an ICMP error sent by the router, not the server
  bool syn_options = false;
  std::uint8_t flags = 0;
  std::uint8_t icmp_type = 0;
  std::uint8_t icmp_code = 0;
  std::uint8_t ttl = 0;     // 0: the path's TTL
  std::uint16_t dport = 0;  // 0: the conversation's server port
  std::uint16_t len = 0;    // payload bytes
  Payload payload = Payload::none;
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint32_t param = 0;  // name/id for DNS, echo id/seq for ICMP
};

struct Conversation {
  Path fwd;  // client to server
  Path rev;  // server to client
  Addr router;
  std::uint16_t cport = 0;
  std::uint16_t sport = 0;  // the server port
  std::vector<Step> steps;
  std::size_t next = 0;
  std::vector<std::uint8_t> quote;  // the last client datagram, for an ICMP error to quote

  bool done() const { return next >= steps.size(); }
};

}  // namespace gp::bench
