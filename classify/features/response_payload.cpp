#include "classify/features/response_payload.hpp"

#include <span>
#include <string_view>

namespace gp {
namespace {

using Bytes = std::span<const std::uint8_t>;

unsigned be16(Bytes b, std::size_t at) { return (unsigned{b[at]} << 8) | b[at + 1]; }

// DNS header with QR=1 (RFC 1035 4.1.1; LLMNR and mDNS share it): a standard opcode, a
// defined rcode, the Z bit clear, at most one question and a plausible record count; the
// question name, as far as it was captured, made of labels of 1-63 bytes.
bool dns_response(Bytes b, std::uint32_t length) {
  if (length < 12 || b.size() < 12) return false;
  if ((b[2] & 0x80U) == 0) return false;                                      // QR
  if (((b[2] >> 3) & 0x0FU) > 5 || ((b[2] >> 3) & 0x0FU) == 3) return false;  // opcode
  if ((b[3] & 0x40U) != 0 || (b[3] & 0x0FU) > 10) return false;               // Z, rcode
  const unsigned qd = be16(b, 4);
  const unsigned records = be16(b, 6) + be16(b, 8) + be16(b, 10);
  if (qd > 1 || records > 256 || qd + records == 0) return false;
  if (qd == 0) return true;
  std::size_t at = 12;
  for (int labels = 0; labels < 128 && at < b.size(); ++labels) {
    const unsigned len = b[at];
    if (len == 0) return true;
    if (len > 63) return false;
    at += 1 + len;
  }
  return true;  // the name runs past what was captured
}

// NTP (RFC 5905): a 48-byte header (68 or 72 with a MAC), version 1-4, mode 4 (server) or
// 5 (broadcast), stratum 0-16, a poll exponent below 18 and a precision of 2^-32 to 1 s.
bool ntp_response(Bytes b, std::uint32_t length) {
  if ((length != 48 && length != 68 && length != 72) || b.size() < 4) return false;
  const unsigned version = (b[0] >> 3) & 0x07U;
  const unsigned mode = b[0] & 0x07U;
  const bool precision = b[3] == 0 || b[3] >= 0xE0;
  return version >= 1 && version <= 4 && (mode == 4 || mode == 5) && b[1] <= 16 && b[2] < 18 && precision;
}

// SNMP v1/v2c (RFC 3416): SEQUENCE { INTEGER version 0|1, OCTET STRING community,
// GetResponse-PDU [2] ... } with short or one/two-byte long BER lengths.
bool snmp_response(Bytes b) {
  std::size_t at = 0;
  const auto skip_length = [&b, &at]() -> bool {
    if (at >= b.size()) return false;
    const unsigned first = b[at++];
    if (first < 0x80) return true;
    const unsigned n = first & 0x7FU;
    if (n == 0 || n > 2) return false;
    at += n;
    return at <= b.size();
  };
  if (b.size() < 8 || b[at++] != 0x30 || !skip_length()) return false;
  if (at + 3 > b.size() || b[at] != 0x02 || b[at + 1] != 0x01 || b[at + 2] > 1) return false;
  at += 3;
  if (at + 2 > b.size() || b[at] != 0x04) return false;
  ++at;
  const unsigned community = at < b.size() ? b[at] : 0xFFU;
  if (community >= 0x80) return false;
  at += 1 + community;
  return at < b.size() && b[at] == 0xA2;
}

// TLS record of type handshake (22), version 3.x, carrying a ServerHello (2).
bool tls_server_hello(Bytes b) { return b.size() >= 6 && b[0] == 0x16 && b[1] == 0x03 && b[2] <= 0x04 && b[5] == 0x02; }

// "HTTP/1.x NNN" — a status line, only a server sends one.
bool http_status_line(Bytes b) {
  constexpr std::string_view prefix = "HTTP/1.";
  if (b.size() < 12) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (b[i] != static_cast<std::uint8_t>(prefix[i])) return false;
  }
  const auto digit = [&b](std::size_t i) { return b[i] >= '0' && b[i] <= '9'; };
  return digit(7) && b[8] == ' ' && digit(9) && digit(10) && digit(11);
}

}  // namespace

bool payload_is_response(const PayloadSample& payload, std::uint8_t ip_proto) {
  if (payload.empty()) return false;
  const Bytes b = payload.view();
  if (ip_proto == 17) return dns_response(b, payload.length) || ntp_response(b, payload.length) || snmp_response(b);
  if (ip_proto == 6) return tls_server_hello(b) || http_status_line(b);
  return false;
}

}  // namespace gp
