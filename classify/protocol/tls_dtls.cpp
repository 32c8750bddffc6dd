// TLS (RFC 8446 §5.1 records, §4 handshake) and DTLS (RFC 6347 §4.1/§4.2.2): a record
// header whose version and length make sense, carrying a ClientHello from the client or a
// ServerHello/HelloVerifyRequest from the server. The server_name extension (RFC 6066 §3)
// is read when the sample reaches it — with 64-byte samples it rarely does, since the
// random and a session id come first.
#include "classify/protocol/detectors.hpp"

namespace gp::protocol_detail {
namespace {

constexpr std::uint8_t kChangeCipherSpec = 20;
constexpr std::uint8_t kAlert = 21;
constexpr std::uint8_t kHandshake = 22;
constexpr std::uint8_t kApplicationData = 23;
constexpr std::uint8_t kClientHello = 1;
constexpr std::uint8_t kServerHello = 2;
constexpr std::uint8_t kHelloVerifyRequest = 3;   // DTLS only
constexpr std::size_t kMaxRecord = 16384 + 2048;  // TLSCiphertext bound, RFC 5246 §6.2.3

bool tls_version(const Payload& p, std::size_t off) {
  return p[off] == 3 && p[off + 1] <= 4;  // SSL 3.0 .. TLS 1.3's legacy numbers
}
bool dtls_version(const Payload& p, std::size_t off) {
  // DTLS numbers count down: 1.0 = {254,255}, 1.2 = {254,253}, 1.3 = {254,252}.
  return p[off] == 254 && p[off + 1] >= 252;
}

// Reads the ClientHello body from `off` (its legacy_version) up to the server_name
// extension, stopping quietly wherever the sample ends. DTLS adds a cookie after the
// session id (RFC 6347 §4.2.1).
void read_sni(const Payload& p, std::size_t off, bool dtls, ProtocolGuess& g) {
  off += 2 + 32;  // legacy_version, random
  if (!p.has(off + 1)) return;
  off += 1U + p[off];  // session_id
  if (dtls) {
    if (!p.has(off + 1)) return;
    off += 1U + p[off];  // cookie
  }
  if (!p.has(off + 2)) return;
  off += 2U + p.be16(off);  // cipher_suites
  if (!p.has(off + 1)) return;
  off += 1U + p[off];  // compression_methods
  if (!p.has(off + 2)) return;
  const std::size_t end = off + 2U + p.be16(off);
  off += 2;
  // Each extension is at least 4 bytes, so this loop ends within the sample.
  while (p.has(off + 4) && off + 4 <= end) {
    const std::uint16_t type = p.be16(off);
    const std::uint16_t len = p.be16(off + 2);
    off += 4;
    if (type == 0) {  // server_name: list length, then name_type 0 (host_name), length, name
      if (!p.has(off + 5) || p[off + 2] != 0) return;
      const std::uint16_t name_len = p.be16(off + 3);
      const std::size_t name = off + 5;
      const std::size_t stop = name + name_len < p.size() ? name + name_len : p.size();
      if (name_len == 0 || name_len > len) return;
      g.detail_kind = "sni";
      add_detail(g, p, name, stop);
      return;
    }
    off += len;
  }
}

bool tls_handshake(const Payload& p, std::uint8_t hs_type) {
  if (!p.has(11) || p[0] != kHandshake || !tls_version(p, 1)) return false;
  const std::uint16_t rec_len = p.be16(3);
  if (rec_len < 4 + 2 + 32 || rec_len > kMaxRecord || p[5] != hs_type) return false;
  // The handshake may be fragmented across records, but never longer than 2^24 and its
  // version is a TLS one.
  return p.be24(6) >= 2 + 32 && tls_version(p, 9);
}

// SSLv2-compatible CLIENT-HELLO (RFC 5246 Appendix E.2): old clients and some scanners.
bool sslv2_client_hello(const Payload& p) {
  if (!p.has(5) || (p[0] & 0x80U) == 0 || p[2] != 1) return false;
  const std::size_t len = ((p[0] & 0x7fU) << 8U) | p[1];
  return len >= 9 && p[3] <= 3 && (p[3] == 3 ? p[4] <= 4 : p[3] == 0 && p[4] == 2);
}

// Any TLS record header: what a capture that starts mid-connection shows.
bool tls_record(const Payload& p) {
  if (!p.has(5) || p[0] < kChangeCipherSpec || p[0] > kApplicationData) return false;
  if (p[1] != 3 || p[2] < 1 || p[2] > 4) return false;  // TLS 1.0..1.3 on the wire
  const std::uint16_t len = p.be16(3);
  if (len == 0 || len > kMaxRecord) return false;
  if (p[0] == kChangeCipherSpec) return len == 1 && (!p.has(6) || p[5] == 1);
  if (p[0] == kAlert) return len == 2 || len >= 16;  // plaintext, or encrypted with a MAC/tag
  return true;
}

bool dtls_handshake(const Payload& p, bool from_client) {
  if (!p.has(27) || p[0] != kHandshake || !dtls_version(p, 1)) return false;
  if (p.be16(3) != 0) return false;  // hellos travel in epoch 0
  const std::uint16_t rec_len = p.be16(11);
  if (rec_len < 12 || rec_len > kMaxRecord) return false;
  const std::uint8_t type = p[13];
  const bool hello = from_client ? type == kClientHello : (type == kServerHello || type == kHelloVerifyRequest);
  // fragment_length never exceeds the message length; the body starts with a DTLS version.
  return hello && p.be24(22) <= p.be24(14) && dtls_version(p, 25);
}

}  // namespace

bool detect_tls(const FlowPayloads& f, ProtocolGuess& out) {
  if (tls_handshake(f.client, kClientHello)) {
    set_guess(out, Protocol::tls, ProtocolConfidence::strong, false);
    read_sni(f.client, 9, false, out);
    return true;
  }
  if (tls_handshake(f.server, kServerHello)) {
    set_guess(out, Protocol::tls, ProtocolConfidence::strong, true);
    return true;
  }
  if (f.udp()) return false;
  if (sslv2_client_hello(f.client) || tls_record(f.client)) {
    set_guess(out, Protocol::tls, ProtocolConfidence::weak, false);
    return true;
  }
  if (tls_record(f.server)) {
    set_guess(out, Protocol::tls, ProtocolConfidence::weak, true);
    return true;
  }
  return false;
}

bool detect_dtls(const FlowPayloads& f, ProtocolGuess& out) {
  if (!f.udp()) return false;
  if (dtls_handshake(f.client, true)) {
    set_guess(out, Protocol::dtls, ProtocolConfidence::strong, false);
    read_sni(f.client, 25, true, out);
    return true;
  }
  if (dtls_handshake(f.server, false)) {
    set_guess(out, Protocol::dtls, ProtocolConfidence::strong, true);
    return true;
  }
  return false;
}

}  // namespace gp::protocol_detail
