#include "report/zeek_type.hpp"

#include <array>
#include <utility>

namespace gp::report {
namespace {

constexpr std::array<std::pair<ZeekType, std::string_view>, 10> kNames{{
    {ZeekType::time, "time"},
    {ZeekType::string, "string"},
    {ZeekType::addr, "addr"},
    {ZeekType::port, "port"},
    {ZeekType::enum_, "enum"},
    {ZeekType::interval, "interval"},
    {ZeekType::count, "count"},
    {ZeekType::bool_, "bool"},
    {ZeekType::string_set, "set[string]"},
    {ZeekType::double_, "double"},
}};

}  // namespace

std::string_view to_string(ZeekType t) {
  for (const auto& [type, name] : kNames) {
    if (type == t) return name;
  }
  return "?";
}

std::optional<ZeekType> parse_zeek_type(std::string_view text) {
  for (const auto& [type, name] : kNames) {
    if (name == text) return type;
  }
  return std::nullopt;
}

}  // namespace gp::report
