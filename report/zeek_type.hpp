// The Zeek log types ghostport writes, with Zeek's own names ("time", "set[string]", …) as the
// one vocabulary for the #types header, schema definitions and any parser of our logs.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace gp::report {

enum class ZeekType : std::uint8_t { time, string, addr, port, enum_, interval, count, bool_, string_set, double_ };

// Zeek's spelling: "time", "string", "addr", "port", "enum", "interval", "count", "bool",
// "set[string]", "double".
std::string_view to_string(ZeekType t);
std::optional<ZeekType> parse_zeek_type(std::string_view text);

}  // namespace gp::report
