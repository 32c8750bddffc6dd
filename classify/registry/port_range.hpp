// Port numbers and the "a-b" ranges used by IANA rows, folklore and site files.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gp::registry {

struct PortRange {
  std::uint16_t first = 0;
  std::uint16_t last = 0;
  constexpr bool contains(std::uint16_t p) const { return p >= first && p <= last; }
  constexpr bool overlaps(PortRange o) const { return first <= o.last && o.first <= last; }
  constexpr std::uint32_t size() const { return std::uint32_t{last} - first + 1U; }
  constexpr bool operator==(const PortRange&) const = default;
};

// RFC 6335 section 6: System 0-1023, User (registered) 1024-49151, Dynamic 49152-65535.
inline constexpr PortRange kSystemPorts{0, 1023};
inline constexpr PortRange kRegisteredPorts{1024, 49151};
inline constexpr PortRange kDynamicPorts{49152, 65535};

// Parses "80" or "3000-3600". On failure returns nullopt and says why in `why`.
std::optional<PortRange> parse_port_range(std::string_view text, std::string& why);
std::optional<std::uint16_t> parse_port(std::string_view text, std::string& why);

std::string to_string(PortRange r);

// Registration dates in the IANA file are "YYYY-MM" or "YYYY-MM-DD".
bool is_valid_registry_date(std::string_view text);

}  // namespace gp::registry
