#include "classify/registry/port_range.hpp"

#include <fmt/format.h>

#include <charconv>

namespace gp::registry {

std::optional<std::uint16_t> parse_port(std::string_view text, std::string& why) {
  unsigned long value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec == std::errc::invalid_argument || ptr != end) {
    why = fmt::format("invalid port number '{}'", text);
    return std::nullopt;
  }
  if (ec == std::errc::result_out_of_range || value > 65535) {
    why = fmt::format("port {} out of range 0-65535", text);
    return std::nullopt;
  }
  return static_cast<std::uint16_t>(value);
}

std::optional<PortRange> parse_port_range(std::string_view text, std::string& why) {
  const auto dash = text.find('-');
  if (dash == std::string_view::npos) {
    const auto p = parse_port(text, why);
    if (!p) return std::nullopt;
    return PortRange{*p, *p};
  }
  const auto first = parse_port(text.substr(0, dash), why);
  if (!first) return std::nullopt;
  const auto last = parse_port(text.substr(dash + 1), why);
  if (!last) return std::nullopt;
  if (*last < *first) {
    why = fmt::format("port range {} is reversed", text);
    return std::nullopt;
  }
  return PortRange{*first, *last};
}

std::string to_string(PortRange r) {
  return r.first == r.last ? fmt::format("{}", r.first) : fmt::format("{}-{}", r.first, r.last);
}

bool is_valid_registry_date(std::string_view text) {
  auto digits = [&](std::size_t from, std::size_t n) {
    for (std::size_t i = from; i < from + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
    }
    return true;
  };
  auto number = [&](std::size_t from) { return (text[from] - '0') * 10 + (text[from + 1] - '0'); };
  if (text.size() != 7 && text.size() != 10) return false;
  if (!digits(0, 4) || text[4] != '-' || !digits(5, 2)) return false;
  if (number(5) < 1 || number(5) > 12) return false;
  if (text.size() == 10) {
    if (text[7] != '-' || !digits(8, 2)) return false;
    if (number(8) < 1 || number(8) > 31) return false;
  }
  return true;
}

}  // namespace gp::registry
