#include "common/terminal_text.hpp"

#include <fmt/core.h>

namespace gp {

std::string printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else if (c == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xa0 &&
               static_cast<unsigned char>(s[i + 1]) >= 0x80) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned char>(s[++i]));  // C1 control, UTF-8 encoded
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace gp
