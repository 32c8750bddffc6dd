// Internal to classify/protocol: a bounds-checked view of one first payload and the small
// readers the detectors share. Every reader checks its offset against the sample; nothing
// here reads past `bytes`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "classify/protocol/protocol.hpp"

namespace gp::protocol_detail {

inline constexpr std::uint8_t kTcp = 6;
inline constexpr std::uint8_t kUdp = 17;
inline constexpr std::size_t kNotFound = static_cast<std::size_t>(-1);

struct Payload {
  std::span<const std::uint8_t> bytes;
  // Length of that payload on the wire; equals bytes.size() when the caller gave whole
  // messages. Length fields are compared with it, not with the (maybe cut) sample.
  std::size_t wire_length = 0;

  bool empty() const { return bytes.empty(); }
  std::size_t size() const { return bytes.size(); }
  bool cut() const { return wire_length > bytes.size(); }
  bool has(std::size_t n) const { return bytes.size() >= n; }
  std::uint8_t operator[](std::size_t i) const { return bytes[i]; }
  std::uint16_t be16(std::size_t off) const { return static_cast<std::uint16_t>((bytes[off] << 8U) | bytes[off + 1]); }
  std::uint32_t be24(std::size_t off) const {
    return (static_cast<std::uint32_t>(bytes[off]) << 16U) | (static_cast<std::uint32_t>(bytes[off + 1]) << 8U) |
           bytes[off + 2];
  }
  std::uint32_t le24(std::size_t off) const {
    return (static_cast<std::uint32_t>(bytes[off + 2]) << 16U) | (static_cast<std::uint32_t>(bytes[off + 1]) << 8U) |
           bytes[off];
  }
  std::uint32_t be32(std::size_t off) const { return (static_cast<std::uint32_t>(be16(off)) << 16U) | be16(off + 2); }
  Payload from(std::size_t off) const {
    if (off >= bytes.size()) return {{}, wire_length > off ? wire_length - off : 0};
    return {bytes.subspan(off), wire_length - off};
  }
  std::string_view text() const { return {reinterpret_cast<const char*>(bytes.data()), bytes.size()}; }
};

struct FlowPayloads {
  Payload client;
  Payload server;
  std::uint8_t ip_proto = 0;
  bool tcp() const { return ip_proto == kTcp; }
  bool udp() const { return ip_proto == kUdp; }
};

inline bool is_digit(std::uint8_t c) { return c >= '0' && c <= '9'; }
inline bool is_alpha(std::uint8_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_alnum(std::uint8_t c) { return is_digit(c) || is_alpha(c); }
inline bool is_print(std::uint8_t c) { return c >= 0x20 && c < 0x7f; }
inline std::uint8_t to_upper(std::uint8_t c) {
  return (c >= 'a' && c <= 'z') ? static_cast<std::uint8_t>(c - 'a' + 'A') : c;
}

inline bool starts_with(const Payload& p, std::string_view s, std::size_t off = 0) {
  if (p.size() < off || p.size() - off < s.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (p[off + i] != static_cast<std::uint8_t>(s[i])) return false;
  }
  return true;
}
inline bool starts_with_nocase(const Payload& p, std::string_view s, std::size_t off = 0) {
  if (p.size() < off || p.size() - off < s.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (to_upper(p[off + i]) != to_upper(static_cast<std::uint8_t>(s[i]))) return false;
  }
  return true;
}
// Where `needle` first occurs at or after `from` (case-insensitive when asked), else kNotFound.
inline std::size_t find(const Payload& p, std::string_view needle, std::size_t from = 0, bool nocase = false) {
  if (needle.empty() || p.size() < needle.size()) return kNotFound;
  for (std::size_t i = from; i + needle.size() <= p.size(); ++i) {
    if (nocase ? starts_with_nocase(p, needle, i) : starts_with(p, needle, i)) return i;
  }
  return kNotFound;
}
// Index of the first CR or LF at or after `from`, else the sample's end.
inline std::size_t line_end(const Payload& p, std::size_t from = 0) {
  for (std::size_t i = from; i < p.size(); ++i) {
    if (p[i] == '\r' || p[i] == '\n') return i;
  }
  return p.size();
}
// Number of consecutive decimal digits at `off`.
inline std::size_t digits_at(const Payload& p, std::size_t off) {
  std::size_t n = 0;
  while (off + n < p.size() && is_digit(p[off + n])) ++n;
  return n;
}
// All of [from, to) printable (tabs allowed): text protocols' first lines are.
inline bool printable(const Payload& p, std::size_t from, std::size_t to) {
  for (std::size_t i = from; i < to && i < p.size(); ++i) {
    if (!is_print(p[i]) && p[i] != '\t') return false;
  }
  return true;
}

inline void set_guess(ProtocolGuess& g, Protocol p, ProtocolConfidence c, bool from_server,
                      std::string_view kind = {}) {
  g.protocol = p;
  g.confidence = c;
  g.from_server = from_server;
  g.detail_kind = kind;
  g.detail.clear();
}
inline void add_detail(ProtocolGuess& g, const Payload& p, std::size_t from, std::size_t to) {
  if (from < to && to <= p.size()) g.detail.append(p.bytes.subspan(from, to - from));
}

}  // namespace gp::protocol_detail
