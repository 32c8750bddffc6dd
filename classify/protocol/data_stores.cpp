// Databases and brokers: MQTT CONNECT, Redis RESP, PostgreSQL startup packets, the MySQL
// server greeting.
#include <array>
#include <initializer_list>

#include "classify/protocol/detectors.hpp"

namespace gp::protocol_detail {
namespace {

// MQTT variable byte integer (MQTT 3.1.1 §2.2.3, 5.0 §1.5.5): at most 4 bytes.
bool mqtt_varint(const Payload& p, std::size_t& off, std::uint32_t& value) {
  value = 0;
  for (std::uint32_t shift = 0; shift < 28; shift += 7) {
    if (!p.has(off + 1)) return false;
    const std::uint8_t b = p[off++];
    value |= static_cast<std::uint32_t>(b & 0x7fU) << shift;
    if ((b & 0x80U) == 0) return true;
  }
  return false;
}

// Appends the value of startup parameter `name` (PostgreSQL: name NUL value NUL pairs).
void pg_parameter(const Payload& p, std::size_t off, std::string_view name, ProtocolGuess& g) {
  // Each pair consumes at least two bytes, so this ends within the sample.
  while (off < p.size() && p[off] != 0) {
    const std::size_t key = off;
    while (off < p.size() && p[off] != 0) ++off;
    const std::size_t value = off + 1;
    std::size_t end = value;
    while (end < p.size() && p[end] != 0) ++end;
    if (off - key == name.size() && starts_with(p, name, key)) {
      g.detail_kind = "user";
      add_detail(g, p, value, end);
      return;
    }
    off = end + 1;
  }
}

}  // namespace

bool detect_mqtt(const FlowPayloads& f, ProtocolGuess& out) {
  const Payload& c = f.client;
  // CONNECT: packet type 1 with flags 0 (MQTT 3.1.1 §3.1.1).
  if (!f.tcp() || !c.has(12) || c[0] != 0x10) return false;
  std::size_t off = 1;
  std::uint32_t remaining = 0;
  if (!mqtt_varint(c, off, remaining) || remaining < 10 || off + remaining > c.wire_length) return false;
  // Protocol name "MQTT" level 4 (3.1.1) or 5, or "MQIsdp" level 3 (3.1); the reserved bit
  // of the connect flags is 0 (§3.1.2.3).
  std::size_t flags_at = 0;
  if (starts_with(c, std::string_view("\0\4MQTT", 6), off) && c.has(off + 8) && (c[off + 6] == 4 || c[off + 6] == 5)) {
    flags_at = off + 7;
  } else if (starts_with(c, std::string_view("\0\6MQIsdp", 8), off) && c.has(off + 10) && c[off + 8] == 3) {
    flags_at = off + 9;
  } else {
    return false;
  }
  if ((c[flags_at] & 1U) != 0) return false;
  set_guess(out, Protocol::mqtt, ProtocolConfidence::strong, false);
  std::size_t id = flags_at + 3;  // flags, keep alive
  if (c[flags_at - 1] == 5) {     // MQTT 5 properties (§3.1.2.11)
    std::uint32_t props = 0;
    if (!mqtt_varint(c, id, props)) return true;
    id += props;
  }
  if (c.has(id + 2)) {
    const std::size_t end = id + 2 + c.be16(id);
    out.detail_kind = "client_id";
    add_detail(out, c, id + 2, end < c.size() ? end : c.size());
    if (out.detail.empty()) out.detail_kind = {};
  }
  return true;
}

bool detect_redis(const FlowPayloads& f, ProtocolGuess& out) {
  if (!f.tcp()) return false;
  const Payload& c = f.client;
  // A command is a RESP array of bulk strings: "*<n>\r\n$<len>\r\n<name>\r\n".
  if (c.has(8) && c[0] == '*') {
    const std::size_t n = digits_at(c, 1);
    const std::size_t bulk = 1 + n + 2;
    if (n == 0 || n > 6 || !starts_with(c, "\r\n$", 1 + n)) return false;
    const std::size_t len = digits_at(c, bulk + 1);
    const std::size_t name = bulk + 1 + len + 2;
    if (len == 0 || len > 6 || !starts_with(c, "\r\n", bulk + 1 + len)) return false;
    set_guess(out, Protocol::redis, ProtocolConfidence::strong, false, "command");
    std::size_t end = name;
    while (end < c.size() && is_alpha(c[end])) ++end;
    add_detail(out, c, name, end);
    return true;
  }
  // Inline commands (redis-cli over telnet, probes) and the server's answers to them.
  for (const std::string_view cmd : {"PING\r\n", "INFO\r\n", "QUIT\r\n"}) {
    if (c.size() == cmd.size() && !c.cut() && starts_with_nocase(c, cmd)) {
      set_guess(out, Protocol::redis, ProtocolConfidence::weak, false, "command");
      add_detail(out, c, 0, 4);
      return true;
    }
  }
  const Payload& s = f.server;
  if (starts_with(s, "+PONG\r\n") || starts_with(s, "-NOAUTH ") || starts_with(s, "-DENIED Redis")) {
    set_guess(out, Protocol::redis, ProtocolConfidence::weak, true);
    return true;
  }
  return false;
}

bool detect_postgresql(const FlowPayloads& f, ProtocolGuess& out) {
  const Payload& c = f.client;
  // Frontend start-up packets (PostgreSQL "Message Formats"): Int32 length including
  // itself, then a code: protocol 3.0 (196608), SSLRequest 80877103, GSSENCRequest
  // 80877104, CancelRequest 80877102.
  if (!f.tcp() || !c.has(8)) return false;
  const std::uint32_t len = c.be32(0);
  const std::uint32_t code = c.be32(4);
  if (len != c.wire_length) return false;
  if ((code == 80877103U || code == 80877104U) && len == 8) {
    set_guess(out, Protocol::postgresql, ProtocolConfidence::strong, false);
    return true;
  }
  if (code == 80877102U && len == 16) {
    set_guess(out, Protocol::postgresql, ProtocolConfidence::strong, false);
    return true;
  }
  if ((code == 0x00030000U || code == 0x00020000U) && len > 8 && len < 10000 && c.has(9) && is_alpha(c[8])) {
    set_guess(out, Protocol::postgresql, ProtocolConfidence::strong, false);
    pg_parameter(c, 8, "user", out);
    return true;
  }
  return false;
}

bool detect_mysql(const FlowPayloads& f, ProtocolGuess& out) {
  const Payload& s = f.server;
  // Packet header: 3-byte little-endian payload length and sequence id 0; the greeting
  // (Protocol::HandshakeV10) starts with protocol version 10 and a NUL-terminated version.
  if (!f.tcp() || !s.has(6) || s[3] != 0) return false;
  const std::uint32_t len = s.le24(0);
  if (len + 4 != s.wire_length) return false;
  if (s[4] == 10 && is_digit(s[5])) {
    std::size_t end = 5;
    while (end < s.size() && s[end] != 0 && is_print(s[end])) ++end;
    if (end < s.size() && s[end] != 0) return false;
    // After the version: connection id (4), auth-plugin-data part 1 (8), one filler 0.
    const std::size_t filler = end + 1 + 4 + 8;
    if (filler < s.size() && s[filler] != 0) return false;
    set_guess(out, Protocol::mysql, ProtocolConfidence::strong, true, "version");
    add_detail(out, s, 5, end);
    return true;
  }
  // A server refusing the host answers with an ERR packet as its greeting (0xFF, code).
  if (s[4] == 0xff && s.has(8) && s.le24(5) % 65536U >= 1000 && s.le24(5) % 65536U < 5000 &&
      printable(s, 7, s.size())) {
    set_guess(out, Protocol::mysql, ProtocolConfidence::weak, true);
    return true;
  }
  return false;
}

}  // namespace gp::protocol_detail
