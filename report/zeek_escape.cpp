#include "report/zeek_escape.hpp"

#include <cstdint>

namespace gp::report {
namespace {

constexpr std::string_view kEmptyField = "(empty)";
constexpr std::string_view kUnsetField = "-";

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

void append_hex_escape(fmt::memory_buffer& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  const char esc[4] = {'\\', 'x', kHex[c >> 4], kHex[c & 0x0f]};
  out.append(esc, esc + 4);
}

}  // namespace

std::size_t utf8_sequence_length(std::string_view s, std::size_t pos) {
  const auto at = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char c = at(pos);
  const std::size_t left = s.size() - pos;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return left >= 2 && is_continuation(at(pos + 1)) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (left < 3 || !is_continuation(at(pos + 1)) || !is_continuation(at(pos + 2))) return 0;
    const unsigned char c1 = at(pos + 1);
    if (c == 0xE0 && c1 < 0xA0) return 0;  // overlong
    if (c == 0xED && c1 > 0x9F) return 0;  // UTF-16 surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (left < 4 || !is_continuation(at(pos + 1)) || !is_continuation(at(pos + 2)) || !is_continuation(at(pos + 3))) {
      return 0;
    }
    const unsigned char c1 = at(pos + 1);
    if (c == 0xF0 && c1 < 0x90) return 0;  // overlong
    if (c == 0xF4 && c1 > 0x8F) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

void append_tsv_escaped(fmt::memory_buffer& out, std::string_view s, bool in_set) {
  if (s.empty()) {
    out.append(kEmptyField);
    return;
  }
  std::size_t i = 0;
  if (s == kUnsetField) {
    append_hex_escape(out, static_cast<unsigned char>(s[0]));
    i = 1;
  }
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      const bool escape = c < 0x20 || c == 0x7f || c == '\\' || (in_set && c == ',');
      if (escape) {
        append_hex_escape(out, c);
      } else {
        out.push_back(static_cast<char>(c));
      }
      ++i;
      continue;
    }
    const std::size_t n = utf8_sequence_length(s, i);
    if (n == 0) {
      append_hex_escape(out, c);
      ++i;
    } else {
      out.append(s.data() + i, s.data() + i + n);
      i += n;
    }
  }
}

std::string json_safe_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t n = utf8_sequence_length(s, i);
    if (n == 0) {
      static constexpr char kHex[] = "0123456789abcdef";
      const auto c = static_cast<unsigned char>(s[i]);
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0x0f];
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

}  // namespace gp::report
