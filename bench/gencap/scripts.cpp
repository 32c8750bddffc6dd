#include "bench/gencap/scripts.hpp"

#include <array>
#include <utility>

namespace gp::bench {
namespace {

using tcpf::kAck;
using tcpf::kFin;
using tcpf::kPsh;
using tcpf::kRst;
using tcpf::kSyn;

constexpr std::uint16_t kMss = 1448;

std::uint16_t ephemeral(Rng& rng) { return static_cast<std::uint16_t>(rng.between(32768, 60999)); }

Step tcp_step(bool reverse, std::uint8_t flags, std::uint32_t seq, std::uint32_t ack) {
  Step s;
  s.kind = StepKind::tcp;
  s.reverse = reverse;
  s.flags = flags;
  s.seq = seq;
  s.ack = ack;
  return s;
}

// Weighted server ports: mostly the web, a tail of databases, mail, and orphaned or never
// registered ports (3255, 3206, 3511, 31337) that the annotator exists for.
std::uint16_t server_port(Rng& rng) {
  static constexpr std::array<std::uint16_t, 20> kPorts{443, 443,  443,  443,  443,  443,  80,  80,   80,   22,
                                                        25,  3306, 5432, 6379, 8080, 8443, 993, 3255, 3206, 31337};
  return kPorts[rng.below(kPorts.size())];
}

Payload request_kind(std::uint16_t port) {
  return (port == 80 || port == 8080) ? Payload::http_request : Payload::noise;
}
Payload response_kind(std::uint16_t port, bool first) {
  if (!first) return Payload::noise;
  if (port == 80 || port == 8080) return Payload::http_response;
  if (port == 22) return Payload::ssh_banner;
  return Payload::noise;
}

// The ports, random ISNs (some sessions wrap the sequence space) and the three-way handshake;
// returns the next sequence numbers, the client's and the server's.
std::pair<std::uint32_t, std::uint32_t> open_session(Rng& rng, Conversation& c) {
  c.cport = ephemeral(rng);
  c.sport = server_port(rng);
  const std::uint32_t cs = rng.u32();
  const std::uint32_t ss = rng.u32();
  Step syn = tcp_step(false, kSyn, cs, 0);
  syn.syn_options = true;
  c.steps.push_back(syn);
  Step synack = tcp_step(true, kSyn | kAck, ss, cs + 1);
  synack.syn_options = true;
  c.steps.push_back(synack);
  c.steps.push_back(tcp_step(false, kAck, cs + 1, ss + 1));
  return {cs + 1, ss + 1};
}

// FIN from the client, FIN from the server, the last ACK.
void close_session(Conversation& c, std::uint32_t cs, std::uint32_t ss) {
  c.steps.push_back(tcp_step(false, kFin | kAck, cs, ss));
  c.steps.push_back(tcp_step(true, kFin | kAck, ss, cs + 1));
  c.steps.push_back(tcp_step(false, kAck, cs + 1, ss + 1));
}

}  // namespace

void script_tcp_session(Rng& rng, Conversation& c) {
  auto [cs, ss] = open_session(rng, c);

  const std::uint32_t exchanges = rng.between(1, 4);
  for (std::uint32_t e = 0; e < exchanges; ++e) {
    Step req = tcp_step(false, kPsh | kAck, cs, ss);
    req.len = static_cast<std::uint16_t>(rng.between(40, 700));
    req.payload = request_kind(c.sport);
    req.param = rng.u32();
    c.steps.push_back(req);
    cs += req.len;
    // One response in ten is a bulk transfer: flows with hundreds of full segments.
    const std::uint32_t segments = rng.percent(10) ? rng.between(50, 400) : rng.between(1, 12);
    for (std::uint32_t i = 0; i < segments; ++i) {
      Step data = tcp_step(true, i + 1 == segments ? kPsh | kAck : kAck, ss, cs);
      data.len = i + 1 == segments ? static_cast<std::uint16_t>(rng.between(1, kMss)) : kMss;
      data.payload = response_kind(c.sport, e == 0 && i == 0);
      data.param = req.param;
      c.steps.push_back(data);
      ss += data.len;
      if (i % 2 == 1 || i + 1 == segments) c.steps.push_back(tcp_step(false, kAck, cs, ss));  // delayed ACK
    }
  }

  const std::uint32_t end = rng.below(100);
  if (end < 85) {
    close_session(c, cs, ss);
  } else if (end < 95) {
    c.steps.push_back(tcp_step(true, kRst | kAck, ss, cs));
  }  // else left open: ended by the reader's inactivity timer or end of input
}

void script_short_tcp_session(Rng& rng, Conversation& c) {
  auto [cs, ss] = open_session(rng, c);
  Step req = tcp_step(false, kPsh | kAck, cs, ss);
  req.len = static_cast<std::uint16_t>(rng.between(100, 700));
  req.payload = request_kind(c.sport);
  req.param = rng.u32();
  c.steps.push_back(req);
  cs += req.len;
  Step resp = tcp_step(true, kPsh | kAck, ss, cs);
  resp.len = static_cast<std::uint16_t>(rng.between(200, 1400));
  resp.payload = response_kind(c.sport, true);
  resp.param = req.param;
  c.steps.push_back(resp);
  ss += resp.len;
  close_session(c, cs, ss);
}

void script_tcp_rejected(Rng& rng, Conversation& c) {
  c.cport = ephemeral(rng);
  c.sport = static_cast<std::uint16_t>(rng.between(1, 10000));
  const std::uint32_t isn = rng.u32();
  Step syn = tcp_step(false, kSyn, isn, 0);
  syn.syn_options = true;
  c.steps.push_back(syn);
  if (rng.percent(30)) c.steps.push_back(syn);  // a retransmitted SYN
  c.steps.push_back(tcp_step(true, kRst | kAck, 0, isn + 1));
}

void script_dns(Rng& rng, Conversation& c) {
  c.cport = ephemeral(rng);
  c.sport = 53;
  Step q;
  q.kind = StepKind::udp;
  q.payload = Payload::dns_query;
  q.param = rng.u32();
  c.steps.push_back(q);
  if (rng.percent(95)) {
    Step r = q;
    r.reverse = true;
    r.payload = Payload::dns_response;
    c.steps.push_back(r);
  }
}

void script_udp_app(Rng& rng, Conversation& c) {
  static constexpr std::array<std::uint16_t, 6> kPorts{123, 161, 1900, 3255, 27015, 5060};
  c.cport = ephemeral(rng);
  c.sport = kPorts[rng.below(kPorts.size())];
  const std::uint32_t rounds = rng.between(1, 6);
  for (std::uint32_t i = 0; i < rounds; ++i) {
    Step s;
    s.kind = StepKind::udp;
    s.payload = Payload::noise;
    s.len = static_cast<std::uint16_t>(rng.between(24, 400));
    c.steps.push_back(s);
    if (rng.percent(80)) {
      s.reverse = true;
      s.len = static_cast<std::uint16_t>(rng.between(24, 1200));
      c.steps.push_back(s);
    }
  }
}

void script_port_unreachable(Rng& rng, Conversation& c) {
  c.cport = ephemeral(rng);
  c.sport = static_cast<std::uint16_t>(rng.between(30000, 40000));
  Step probe;
  probe.kind = StepKind::udp;
  probe.payload = Payload::noise;
  probe.len = static_cast<std::uint16_t>(rng.between(8, 120));
  c.steps.push_back(probe);
  Step err;
  err.kind = StepKind::icmp_error;
  err.reverse = true;
  // Destination unreachable, port unreachable: RFC 792 type 3 code 3, RFC 4443 type 1 code 4.
  err.icmp_type = c.fwd.src.v6 ? 1 : 3;
  err.icmp_code = c.fwd.src.v6 ? 4 : 3;
  c.steps.push_back(err);
}

void script_traceroute(Rng& rng, Conversation& c) {
  c.cport = ephemeral(rng);
  c.sport = 33434;
  const std::uint32_t probes = rng.between(1, 3);
  for (std::uint32_t i = 0; i < probes; ++i) {
    Step probe;
    probe.kind = StepKind::udp;
    probe.payload = Payload::noise;
    probe.len = 32;
    probe.ttl = 1;
    probe.dport = static_cast<std::uint16_t>(33434 + i);
    c.steps.push_back(probe);
    Step err;
    err.kind = StepKind::icmp_error;
    err.reverse = true;
    err.from_router = true;
    err.icmp_type = c.fwd.src.v6 ? 3 : 11;  // time exceeded in transit
    c.steps.push_back(err);
  }
}

void script_ping(Rng& rng, Conversation& c) {
  const std::uint32_t id = rng.below(65536);
  const std::uint32_t count = rng.between(1, 5);
  for (std::uint32_t i = 0; i < count; ++i) {
    Step req;
    req.kind = StepKind::icmp;
    req.icmp_type = c.fwd.src.v6 ? 128 : 8;
    req.param = id << 16 | (i + 1);
    req.payload = Payload::noise;
    req.len = 56;
    c.steps.push_back(req);
    if (rng.percent(90)) {
      req.reverse = true;
      req.icmp_type = c.fwd.src.v6 ? 129 : 0;
      c.steps.push_back(req);
    }
  }
}

namespace {

void scan_ports(Rng& rng, Conversation& c, std::uint32_t min_ports, std::uint32_t max_ports) {
  c.cport = ephemeral(rng);
  c.sport = 0;
  const std::uint32_t ports = rng.between(min_ports, max_ports);
  // A stride coprime to 65535 visits distinct ports, as a scanner's permutation does.
  const std::uint32_t start = rng.between(1, 65535);
  const std::uint32_t stride = 2 * rng.between(1, 1000) + 1;
  const std::uint32_t isn = rng.u32();
  for (std::uint32_t i = 0; i < ports; ++i) {
    const auto port = static_cast<std::uint16_t>((start + i * stride) % 65535 + 1);
    Step syn = tcp_step(false, kSyn, isn, 0);
    syn.dport = port;
    c.steps.push_back(syn);
    const std::uint32_t answer = rng.below(100);
    if (answer < 90) {
      Step rst = tcp_step(true, kRst | kAck, 0, isn + 1);
      rst.dport = port;
      c.steps.push_back(rst);
    } else if (answer < 95) {
      Step synack = tcp_step(true, kSyn | kAck, rng.u32(), isn + 1);
      synack.dport = port;
      c.steps.push_back(synack);
      Step rst = tcp_step(false, kRst, isn + 1, 0);
      rst.dport = port;
      c.steps.push_back(rst);
    }  // else filtered: no answer
  }
}

}  // namespace

void script_scan(Rng& rng, Conversation& c) { scan_ports(rng, c, 50, 600); }

void script_scan_burst(Rng& rng, Conversation& c) { scan_ports(rng, c, 50, 50); }

}  // namespace gp::bench
