#include "bench/gencap/frames.hpp"

#include <cstring>

namespace gp::bench {
namespace {

void put16(std::vector<std::uint8_t>& b, std::size_t off, std::uint16_t v) {
  b[off] = static_cast<std::uint8_t>(v >> 8);
  b[off + 1] = static_cast<std::uint8_t>(v);
}
void put32(std::vector<std::uint8_t>& b, std::size_t off, std::uint32_t v) {
  put16(b, off, static_cast<std::uint16_t>(v >> 16));
  put16(b, off + 2, static_cast<std::uint16_t>(v));
}

std::uint32_t ones_sum(const std::uint8_t* p, std::size_t n, std::uint32_t acc) {
  for (; n > 1; n -= 2, p += 2) acc += static_cast<std::uint32_t>(p[0] << 8 | p[1]);
  if (n == 1) acc += static_cast<std::uint32_t>(p[0] << 8);
  return acc;
}
std::uint16_t fold(std::uint32_t acc) {
  while ((acc >> 16) != 0) acc = (acc & 0xffff) + (acc >> 16);
  return static_cast<std::uint16_t>(~acc);
}

// A locally administered MAC derived from the address, so each host keeps one MAC.
void put_mac(std::vector<std::uint8_t>& b, std::size_t off, const Addr& a) {
  const std::size_t n = a.v6 ? 16 : 4;
  b[off] = 0x02;
  b[off + 1] = 0x00;
  for (std::size_t i = 0; i < 4; ++i) b[off + 2 + i] = a.b[n - 4 + i];
}

constexpr std::size_t kTcpOptionsLen = 20;
constexpr std::array<std::uint8_t, kTcpOptionsLen> kSynOptions{2, 4,  0x05, 0xb4,                    // MSS 1460
                                                               4, 2,                                 // SACK permitted
                                                               8, 10, 0,    0,    0, 1, 0, 0, 0, 0,  // timestamps
                                                               1, 3,  3,    7};  // NOP, window scale 7

}  // namespace

Addr Addr::v4(std::uint32_t host_order) {
  Addr a;
  for (int i = 0; i < 4; ++i) a.b[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(host_order >> (24 - 8 * i));
  return a;
}

Addr Addr::v6_from(std::uint64_t hi, std::uint64_t lo) {
  Addr a;
  a.v6 = true;
  for (int i = 0; i < 8; ++i) {
    a.b[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(hi >> (56 - 8 * i));
    a.b[static_cast<std::size_t>(8 + i)] = static_cast<std::uint8_t>(lo >> (56 - 8 * i));
  }
  return a;
}

std::size_t FrameBuilder::begin(const Path& p, std::uint8_t proto, std::size_t l4_len) {
  const std::size_t l2 = p.vlan != 0 ? 18 : 14;
  const std::size_t l3 = p.src.v6 ? 40 : 20;
  buf_.assign(l2 + l3 + l4_len, 0);
  put_mac(buf_, 0, p.dst);
  put_mac(buf_, 6, p.src);
  const std::uint16_t ethertype = p.src.v6 ? 0x86dd : 0x0800;
  if (p.vlan != 0) {
    put16(buf_, 12, 0x8100);
    put16(buf_, 14, p.vlan);
    put16(buf_, 16, ethertype);
  } else {
    put16(buf_, 12, ethertype);
  }
  ip_off_ = l2;
  std::uint8_t* ip = &buf_[l2];
  if (p.src.v6) {
    ip[0] = 0x60;
    put16(buf_, l2 + 4, static_cast<std::uint16_t>(l4_len));
    ip[6] = proto;
    ip[7] = p.ttl;
    std::memcpy(ip + 8, p.src.b.data(), 16);
    std::memcpy(ip + 24, p.dst.b.data(), 16);
  } else {
    ip[0] = 0x45;
    put16(buf_, l2 + 2, static_cast<std::uint16_t>(20 + l4_len));
    put16(buf_, l2 + 4, ip_id_++);
    if (proto == 6) ip[6] = 0x40;  // DF, as Linux sets on TCP
    ip[8] = p.ttl;
    ip[9] = proto;
    std::memcpy(ip + 12, p.src.b.data(), 4);
    std::memcpy(ip + 16, p.dst.b.data(), 4);
    put16(buf_, l2 + 10, fold(ones_sum(ip, 20, 0)));
  }
  return l2 + l3;
}

// TCP, UDP and ICMPv6 checksums cover a pseudo-header (RFC 793, 768, 8200 §8.1); ICMPv4's
// covers the message alone (RFC 792).
void FrameBuilder::finish_l4_checksum(const Path& p, std::uint8_t proto, std::size_t l4_off, std::size_t csum_off) {
  const std::size_t len = buf_.size() - l4_off;
  std::uint32_t acc = 0;
  if (proto != 1) {
    const std::size_t alen = p.src.v6 ? 16 : 4;
    acc = ones_sum(p.src.b.data(), alen, acc);
    acc = ones_sum(p.dst.b.data(), alen, acc);
    acc += proto;
    acc += static_cast<std::uint32_t>(len);
  }
  std::uint16_t c = fold(ones_sum(&buf_[l4_off], len, acc));
  if (proto == 17 && c == 0) c = 0xffff;  // zero means "no checksum" for UDP
  put16(buf_, csum_off, c);
}

std::span<const std::uint8_t> FrameBuilder::tcp(const Path& p, const TcpHeader& h,
                                                std::span<const std::uint8_t> payload) {
  const std::size_t hl = 20 + (h.syn_options ? kTcpOptionsLen : 0);
  const std::size_t o = begin(p, 6, hl + payload.size());
  put16(buf_, o, h.sport);
  put16(buf_, o + 2, h.dport);
  put32(buf_, o + 4, h.seq);
  put32(buf_, o + 8, h.ack);
  buf_[o + 12] = static_cast<std::uint8_t>((hl / 4) << 4);
  buf_[o + 13] = h.flags;
  put16(buf_, o + 14, h.window);
  if (h.syn_options) std::memcpy(&buf_[o + 20], kSynOptions.data(), kSynOptions.size());
  if (!payload.empty()) std::memcpy(&buf_[o + hl], payload.data(), payload.size());
  finish_l4_checksum(p, 6, o, o + 16);
  return buf_;
}

std::span<const std::uint8_t> FrameBuilder::udp(const Path& p, std::uint16_t sport, std::uint16_t dport,
                                                std::span<const std::uint8_t> payload) {
  const std::size_t o = begin(p, 17, 8 + payload.size());
  put16(buf_, o, sport);
  put16(buf_, o + 2, dport);
  put16(buf_, o + 4, static_cast<std::uint16_t>(8 + payload.size()));
  if (!payload.empty()) std::memcpy(&buf_[o + 8], payload.data(), payload.size());
  finish_l4_checksum(p, 17, o, o + 6);
  return buf_;
}

std::span<const std::uint8_t> FrameBuilder::icmp(const Path& p, std::uint8_t type, std::uint8_t code,
                                                 std::uint32_t rest, std::span<const std::uint8_t> payload) {
  const std::uint8_t proto = p.src.v6 ? 58 : 1;
  const std::size_t o = begin(p, proto, 8 + payload.size());
  buf_[o] = type;
  buf_[o + 1] = code;
  put32(buf_, o + 4, rest);
  if (!payload.empty()) std::memcpy(&buf_[o + 8], payload.data(), payload.size());
  finish_l4_checksum(p, proto, o, o + 2);
  return buf_;
}

std::span<const std::uint8_t> FrameBuilder::last_ip_datagram() const {
  return std::span<const std::uint8_t>(buf_).subspan(ip_off_);
}

}  // namespace gp::bench
