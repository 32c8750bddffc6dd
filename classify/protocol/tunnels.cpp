// Proxies and tunnels: SOCKS4/4a, SOCKS5 greetings and OpenVPN's hard-reset handshake.
#include <initializer_list>

#include "classify/protocol/detectors.hpp"

namespace gp::protocol_detail {
namespace {

// OpenVPN packets start with opcode (5 bits) and key id (3 bits); a session starts with a
// hard reset on key id 0 (openvpn/src/openvpn/ssl_pkt.h: P_CONTROL_HARD_RESET_*).
constexpr std::uint8_t kResetClientV1 = 1;
constexpr std::uint8_t kResetServerV1 = 2;
constexpr std::uint8_t kResetClientV2 = 7;
constexpr std::uint8_t kResetServerV2 = 8;
constexpr std::uint8_t kResetClientV3 = 10;  // tls-crypt-v2
// opcode + session id + (no auth) ack count + packet id; tls-auth/tls-crypt add more.
constexpr std::size_t kMinReset = 1 + 8 + 1 + 4;

// The OpenVPN packet in `p`: after the 2-byte length on TCP, which must match the segment.
bool openvpn_packet(const Payload& p, bool tcp, Payload& pkt) {
  if (!tcp) {
    pkt = p;
  } else {
    if (!p.has(2)) return false;
    const std::uint16_t len = p.be16(0);
    if (len < kMinReset || (!p.cut() && len + 2U != p.wire_length)) return false;
    pkt = p.from(2);
  }
  return pkt.has(kMinReset) && pkt.wire_length <= 1600;
}

// What follows the session id of a client's hard reset, when alone: without tls-auth an
// empty ack array and message packet id 0; with tls-crypt (after 4 bytes of packet id) or
// tls-auth (after an HMAC of 16, 20 or 32 bytes and the packet id) a Unix time of the
// sender (openvpn/src/openvpn/packet_id.h). VXLAN's 0x08 flags byte looks like a
// P_CONTROL_HARD_RESET_CLIENT_V1 but is followed by three zero bytes (RFC 7348 §5),
// improbable in a random session id.
bool plausible_client_reset(const Payload& pkt) {
  if (pkt[1] == 0 && pkt[2] == 0 && pkt[3] == 0) return false;
  if (pkt[9] == 0 && pkt.be32(10) == 0) return true;
  constexpr std::uint32_t kYear2010 = 0x4b3d3b00U;
  constexpr std::uint32_t kYear2040 = 0x83aa7e80U;
  for (const std::size_t at : {std::size_t{13}, std::size_t{29}, std::size_t{33}, std::size_t{45}}) {
    if (pkt.has(at + 4) && pkt.be32(at) >= kYear2010 && pkt.be32(at) < kYear2040) return true;
  }
  return false;
}

bool reset_opcode(const Payload& pkt, bool client) {
  const auto opcode = static_cast<std::uint8_t>(pkt[0] >> 3U);
  if ((pkt[0] & 7U) != 0) return false;
  return client ? (opcode == kResetClientV1 || opcode == kResetClientV2 || opcode == kResetClientV3)
                : (opcode == kResetServerV1 || opcode == kResetServerV2);
}

}  // namespace

bool detect_socks4(const FlowPayloads& f, ProtocolGuess& out) {
  const Payload& c = f.client;
  // VN 4, CD 1 (CONNECT) or 2 (BIND), DSTPORT, DSTIP, USERID, NUL; SOCKS4a puts 0.0.0.x
  // (x != 0) in DSTIP and the host name, NUL-terminated, after the user id.
  if (!f.tcp() || !c.has(9) || c.cut() || c[0] != 4 || (c[1] != 1 && c[1] != 2) || c.be16(2) == 0) return false;
  if (c[c.size() - 1] != 0) return false;
  std::size_t i = 8;
  while (i < c.size() && c[i] != 0) {
    if (!is_print(c[i])) return false;
    ++i;
  }
  const bool socks4a = c[4] == 0 && c[5] == 0 && c[6] == 0 && c[7] != 0;
  std::size_t host = i + 1;
  std::size_t host_end = host;
  if (socks4a) {
    while (host_end < c.size() && c[host_end] != 0) {
      if (!is_print(c[host_end])) return false;
      ++host_end;
    }
    if (host_end != c.size() - 1 || host_end == host) return false;
  } else if (i != c.size() - 1) {
    return false;
  }
  set_guess(out, Protocol::socks4, ProtocolConfidence::strong, false, socks4a ? "target" : "");
  if (socks4a) add_detail(out, c, host, host_end);
  return true;
}

bool detect_socks5(const FlowPayloads& f, ProtocolGuess& out) {
  const Payload& c = f.client;
  // Greeting (RFC 1928 §3): VER 5, NMETHODS, METHODS — nothing more. 0xFF means "no
  // acceptable methods" and is only ever the server's answer.
  if (!f.tcp() || !c.has(3) || c.cut() || c[0] != 5 || c[1] == 0 || c.size() != 2U + c[1]) return false;
  for (std::size_t i = 2; i < c.size(); ++i) {
    if (c[i] == 0xff || (c[i] > 0x09 && c[i] < 0x80)) return false;
  }
  // The server picks one of the offered methods, or refuses with 0xFF (§3).
  const Payload& s = f.server;
  bool answered = false;
  if (s.size() == 2 && !s.cut() && s[0] == 5) {
    for (std::size_t i = 2; i < c.size(); ++i) answered = answered || c[i] == s[1];
    answered = answered || s[1] == 0xff;
  }
  set_guess(out, Protocol::socks5, answered ? ProtocolConfidence::strong : ProtocolConfidence::weak, false);
  return true;
}

bool detect_openvpn(const FlowPayloads& f, ProtocolGuess& out) {
  if (!f.tcp() && !f.udp()) return false;
  Payload client;
  Payload server;
  const bool c = openvpn_packet(f.client, f.tcp(), client) && reset_opcode(client, true);
  const bool s = openvpn_packet(f.server, f.tcp(), server) && reset_opcode(server, false);
  if (!c && !s) return false;
  if (c && !s && !plausible_client_reset(client)) return false;
  // Both hard resets: the handshake itself. One alone is an opcode byte and a length.
  set_guess(out, Protocol::openvpn, c && s ? ProtocolConfidence::strong : ProtocolConfidence::weak, !c);
  return true;
}

}  // namespace gp::protocol_detail
