#include "classify/registry/standing.hpp"

namespace gp::registry {

std::string_view to_string(Layer layer) noexcept {
  switch (layer) {
    case Layer::iana: return "iana";
    case Layer::system_services: return "system_services";
    case Layer::observed: return "observed";
    case Layer::folklore: return "folklore";
    case Layer::site: return "site";
  }
  return "?";
}

std::optional<Layer> parse_layer(std::string_view text) noexcept {
  for (std::size_t i = 0; i < kLayerCount; ++i) {
    const auto layer = static_cast<Layer>(i);
    if (to_string(layer) == text) return layer;
  }
  return std::nullopt;
}

std::string_view to_string(Standing standing) noexcept {
  switch (standing) {
    case Standing::active_service: return "active_service";
    case Standing::orphaned: return "orphaned";
    case Standing::unofficial: return "unofficial";
    case Standing::unassigned: return "unassigned";
    case Standing::reserved: return "reserved";
    case Standing::dynamic: return "dynamic";
    case Standing::site_known: return "site_known";
  }
  return "?";
}

std::optional<Standing> parse_standing(std::string_view text) noexcept {
  for (const Standing s : kAllStandings) {
    if (to_string(s) == text) return s;
  }
  // Accept the spelling used in prose ("active-service", "site-known") on the command line.
  if (text == "active-service") return Standing::active_service;
  if (text == "site-known") return Standing::site_known;
  return std::nullopt;
}

}  // namespace gp::registry
