#include "bench/gencap/traffic_mix.hpp"

#include <algorithm>
#include <cstring>
#include <string_view>

#include "bench/gencap/scripts.hpp"

namespace gp::bench {
namespace {

constexpr std::int64_t kStartUs = 1'700'000'000'000'000;  // 2023-11-14, a fixed origin
constexpr std::size_t kNoiseBytes = 1 << 16;

// Address plan (documentation and private ranges only): clients in 10.1.0.0/20 and
// 2001:db8:1::/64, servers in 198.51.100.0/24, 203.0.113.0/25 and 2001:db8:2::/64, the
// resolver at 10.0.0.53 / 2001:db8:53::53, the router at 10.0.0.1 / 2001:db8:1::1, scanners
// in 192.0.2.0/24.
Addr client_v4(Rng& r) { return Addr::v4(0x0a010000u | r.between(1, 4094)); }
Addr server_v4(Rng& r) {
  return r.percent(70) ? Addr::v4(0xc6336400u | r.between(1, 254)) : Addr::v4(0xcb007100u | r.between(1, 126));
}
Addr client_v6(Rng& r) { return Addr::v6_from(0x20010db800010000ULL, r.between(2, 4000)); }
Addr server_v6(Rng& r) { return Addr::v6_from(0x20010db800020000ULL, r.between(1, 200)); }

enum class Kind : std::uint8_t {
  tcp4,
  tcp6,
  rejected,
  dns4,
  dns6,
  udp_app,
  ping4,
  ping6,
  unreachable,
  traceroute,
  scan
};

// Weights per hundred new conversations.
Kind pick_kind(Rng& r) {
  const std::uint32_t x = r.below(1000);
  if (x < 330) return Kind::tcp4;
  if (x < 420) return Kind::tcp6;
  if (x < 460) return Kind::rejected;
  if (x < 720) return Kind::dns4;
  if (x < 770) return Kind::dns6;
  if (x < 840) return Kind::udp_app;
  if (x < 900) return Kind::ping4;
  if (x < 930) return Kind::ping6;
  if (x < 965) return Kind::unreachable;
  if (x < 985) return Kind::traceroute;
  return Kind::scan;
}

void put_name(std::string& out, std::uint32_t param) {
  static constexpr std::array<std::string_view, 8> kHosts{"www",   "mail",   "api",  "cdn",
                                                          "login", "update", "time", "git"};
  static constexpr std::array<std::string_view, 4> kDomains{"example", "corp", "service", "cloud"};
  static constexpr std::array<std::string_view, 3> kTlds{"com", "net", "org"};
  const auto label = [&out](std::string_view l) {
    out += static_cast<char>(l.size());
    out += l;
  };
  label(kHosts[param % kHosts.size()]);
  label(kDomains[(param >> 3) % kDomains.size()]);
  label(kTlds[(param >> 5) % kTlds.size()]);
  out += '\0';
}

void put16(std::string& out, std::uint32_t v) {
  out += static_cast<char>((v >> 8) & 0xff);
  out += static_cast<char>(v & 0xff);
}

// RFC 1035 §4.1: header, one question, and for a response one answer pointing back at it.
void dns_message(std::string& out, std::uint32_t param, bool v6, bool response) {
  const std::uint32_t qtype = v6 ? 28 : 1;
  put16(out, param & 0xffff);
  put16(out, response ? 0x8180 : 0x0100);
  put16(out, 1);
  put16(out, response ? 1 : 0);
  put16(out, 0);
  put16(out, 0);
  put_name(out, param);
  put16(out, qtype);
  put16(out, 1);
  if (!response) return;
  put16(out, 0xc00c);
  put16(out, qtype);
  put16(out, 1);
  put16(out, 0);
  put16(out, 300);
  put16(out, v6 ? 16 : 4);
  for (int i = 0; i < (v6 ? 16 : 4); ++i) out += static_cast<char>((param >> (i % 4 * 8)) & 0xff);
}

// The scan-heavy profile's conversations, weighted per conversation from their packet shares
// and lengths (a short session is 9 packets, a scan burst about 95, a DNS exchange 2).
enum class LinkKind : std::uint8_t { tcp4, tcp6, dns, scan };

LinkKind pick_link_kind(Rng& r) {
  const std::uint32_t x = r.below(1000);
  if (x < 602) return LinkKind::tcp4;
  if (x < 645) return LinkKind::tcp6;
  if (x < 989) return LinkKind::dns;
  return LinkKind::scan;
}

constexpr std::uint32_t kInsideHosts = 65534;    // 10.0.0.1 - 10.0.255.254
constexpr std::uint32_t kOutsideHosts = 131072;  // 198.18.0.0/15
Addr inside_host(std::uint32_t i) { return Addr::v4(0x0a000000u | (1 + i % kInsideHosts)); }
Addr outside_host(std::uint32_t i) { return Addr::v4(0xc6120000u | (i % kOutsideHosts)); }

// One of a client's few (four) servers: a fixed scramble of the client and the choice.
std::uint32_t server_of(std::uint32_t client, std::uint32_t choice) {
  Rng scramble((static_cast<std::uint64_t>(client) << 2) | choice);
  return scramble.u32();
}

}  // namespace

TrafficMix::TrafficMix(std::uint64_t seed, std::size_t concurrent, Profile profile)
    : profile_(profile), rng_(seed), now_us_(kStartUs), active_(concurrent), noise_(kNoiseBytes) {
  for (auto& b : noise_) b = static_cast<std::uint8_t>(rng_.next());
  for (auto& c : active_) start(c);
}

void TrafficMix::start(Conversation& c) {
  c.steps.clear();
  c.next = 0;
  c.quote.clear();
  if (profile_ == Profile::scan_heavy) {
    start_scan_heavy(c);
    return;
  }
  const Kind kind = pick_kind(rng_);
  const bool v6 = kind == Kind::tcp6 || kind == Kind::dns6 || kind == Kind::ping6 ||
                  ((kind == Kind::unreachable || kind == Kind::traceroute) && rng_.percent(25));
  Addr client = v6 ? client_v6(rng_) : client_v4(rng_);
  Addr server = v6 ? server_v6(rng_) : server_v4(rng_);
  if (kind == Kind::dns4 || kind == Kind::dns6) {
    server = v6 ? Addr::v6_from(0x20010db800530000ULL, 0x53) : Addr::v4(0x0a000035);
  }
  if (kind == Kind::scan) client = Addr::v4(0xc0000200u | rng_.between(1, 50));
  c.router = v6 ? Addr::v6_from(0x20010db800010000ULL, 1) : Addr::v4(0x0a000001);
  const std::uint16_t vlan = rng_.percent(20) ? static_cast<std::uint16_t>(10 * rng_.between(1, 3)) : 0;
  const auto server_ttl = static_cast<std::uint8_t>(rng_.percent(50) ? 64 : 52);
  c.fwd = Path{client, server, vlan, 64};
  c.rev = Path{server, client, vlan, server_ttl};
  switch (kind) {
    case Kind::tcp4:
    case Kind::tcp6: script_tcp_session(rng_, c); break;
    case Kind::rejected: script_tcp_rejected(rng_, c); break;
    case Kind::dns4:
    case Kind::dns6: script_dns(rng_, c); break;
    case Kind::udp_app: script_udp_app(rng_, c); break;
    case Kind::ping4:
    case Kind::ping6: script_ping(rng_, c); break;
    case Kind::unreachable: script_port_unreachable(rng_, c); break;
    case Kind::traceroute: script_traceroute(rng_, c); break;
    case Kind::scan: script_scan(rng_, c); break;
  }
}

void TrafficMix::start_scan_heavy(Conversation& c) {
  const LinkKind kind = pick_link_kind(rng_);
  Addr client;
  Addr server;
  switch (kind) {
    case LinkKind::tcp4: {
      // Half the sessions go out, half come in; each client has its few servers.
      const std::uint32_t id = rng_.u32();
      const std::uint32_t peer = server_of(id, rng_.below(4));
      const bool outbound = rng_.percent(50);
      client = outbound ? inside_host(id) : outside_host(id);
      server = outbound ? outside_host(peer) : inside_host(peer);
      break;
    }
    case LinkKind::tcp6:
      client = client_v6(rng_);
      server = server_v6(rng_);
      break;
    case LinkKind::dns:
      client = inside_host(rng_.u32());
      server = Addr::v4(0x0a000035);
      break;
    case LinkKind::scan:
      client = outside_host(rng_.u32());
      server = inside_host(rng_.u32());
      break;
  }
  const bool v6 = kind == LinkKind::tcp6;
  c.router = v6 ? Addr::v6_from(0x20010db800010000ULL, 1) : Addr::v4(0x0a000001);
  c.fwd = Path{client, server, 0, 64};
  c.rev = Path{server, client, 0, static_cast<std::uint8_t>(rng_.percent(50) ? 64 : 52)};
  switch (kind) {
    case LinkKind::tcp4:
    case LinkKind::tcp6: script_short_tcp_session(rng_, c); break;
    case LinkKind::dns: script_dns(rng_, c); break;
    case LinkKind::scan: script_scan_burst(rng_, c); break;
  }
}

std::span<const std::uint8_t> TrafficMix::payload(const Conversation& c, const Step& s) {
  text_.clear();
  switch (s.payload) {
    case Payload::none: return {};
    case Payload::noise: break;
    case Payload::http_request:
      text_ = "GET /assets/" + std::to_string(s.param % 10000) +
              ".bin HTTP/1.1\r\nHost: www.example.com\r\n"
              "User-Agent: gp-gencap/1\r\nAccept: */*\r\n\r\n";
      break;
    case Payload::http_response:
      text_ = "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: application/octet-stream\r\nContent-Length: " +
              std::to_string(s.param % 1000000) + "\r\n\r\n";
      break;
    case Payload::ssh_banner: text_ = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"; break;
    case Payload::dns_query:
    case Payload::dns_response: {
      dns_message(text_, s.param, c.fwd.src.v6, s.payload == Payload::dns_response);
      return {reinterpret_cast<const std::uint8_t*>(text_.data()), text_.size()};
    }
  }
  // Text first, then noise up to the scripted length (a request is padded with headers'
  // worth of bytes, a response's body follows its header).
  const std::size_t len = s.len;
  scratch_.resize(len);
  const std::size_t t = std::min(len, text_.size());
  std::memcpy(scratch_.data(), text_.data(), t);
  const std::size_t off = rng_.below(static_cast<std::uint32_t>(kNoiseBytes - len));
  std::memcpy(scratch_.data() + t, noise_.data() + off, len - t);
  return scratch_;
}

void TrafficMix::emit(PcapWriter& out) {
  now_us_ += rng_.between(1, 39);  // ~50,000 packets/s on average
  Conversation& c = active_[rng_.below(static_cast<std::uint32_t>(active_.size()))];
  const Step& s = c.steps[c.next++];
  Path path = s.reverse ? c.rev : c.fwd;
  if (s.from_router) path.src = c.router;
  if (s.ttl != 0) path.ttl = s.ttl;
  const std::uint16_t sport = s.dport != 0 ? s.dport : c.sport;
  const std::uint16_t src_port = s.reverse ? sport : c.cport;
  const std::uint16_t dst_port = s.reverse ? c.cport : sport;
  std::span<const std::uint8_t> frame;
  switch (s.kind) {
    case StepKind::tcp: {
      TcpHeader h{src_port, dst_port, s.seq, s.ack, s.flags, 64240, s.syn_options};
      frame = frames_.tcp(path, h, payload(c, s));
      break;
    }
    case StepKind::udp: frame = frames_.udp(path, src_port, dst_port, payload(c, s)); break;
    case StepKind::icmp: frame = frames_.icmp(path, s.icmp_type, 0, s.param, payload(c, s)); break;
    case StepKind::icmp_error: frame = frames_.icmp(path, s.icmp_type, s.icmp_code, 0, c.quote); break;
  }
  // Keep the client's datagram for an ICMP error that follows: the IPv4 header plus 8 bytes
  // (RFC 792), or as much as fits for IPv6 (RFC 4443 §2.4c; ours are small).
  if (!s.reverse && s.kind == StepKind::udp) {
    const auto dgram = frames_.last_ip_datagram();
    const std::size_t keep = c.fwd.src.v6 ? dgram.size() : std::min<std::size_t>(dgram.size(), 28);
    c.quote.assign(dgram.begin(), dgram.begin() + static_cast<std::ptrdiff_t>(keep));
  }
  out.write(now_us_, frame);
  if (c.done()) start(c);
}

}  // namespace gp::bench
