// The vocabulary the rest of ghostport uses to talk about a port: which layer a fact came
// from, and the port's standing. One to_string/parse pair each, shared by the CLI, the
// TOML loaders and the JSON writer so the words never drift apart.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace gp::registry {

// Layers in override order: a later layer's facts win over an earlier one's.
enum class Layer : std::uint8_t {
  iana,             // IANA service-names-port-numbers.csv
  system_services,  // fallback registry: nmap-services / Wireshark services / /etc/services
  observed,         // nmap-services open-frequency
  folklore,         // rules/ports/*.toml: unofficial attributions, dead registrations
  site,             // --site FILE: what this network knows about itself
};
inline constexpr std::size_t kLayerCount = 5;

enum class Standing : std::uint8_t {
  active_service,  // registered and seen in use (or a system port, see standing.cpp)
  orphaned,        // registered, but (almost) nobody runs it
  unofficial,      // not registered, yet folklore or observed use attributes it
  unassigned,      // IANA: Unassigned, and nothing else known
  reserved,        // IANA: Reserved
  dynamic,         // 49152-65535, RFC 6335 section 6: ephemeral, never assigned
  site_known,      // the site says what runs here
};
inline constexpr std::size_t kStandingCount = 7;
inline constexpr std::array<Standing, kStandingCount> kAllStandings{
    Standing::active_service, Standing::orphaned, Standing::unofficial, Standing::unassigned,
    Standing::reserved,       Standing::dynamic,  Standing::site_known};

std::string_view to_string(Layer layer) noexcept;
std::optional<Layer> parse_layer(std::string_view text) noexcept;
std::string_view to_string(Standing standing) noexcept;
std::optional<Standing> parse_standing(std::string_view text) noexcept;

}  // namespace gp::registry
