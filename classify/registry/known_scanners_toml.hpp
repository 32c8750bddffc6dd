// Internal to gp_registry (the site file and the shipped lists share the `[[scanner]]` table).
#pragma once

#include <toml++/toml.h>

#include <optional>
#include <string>

#include "classify/registry/known_scanners.hpp"

namespace gp::registry {

// One `[[scanner]]` table. Shipped entries (`site == false`) must name their source and the
// date checked; a site's entries default to kind vulnerability_scanner. Bad entries are
// reported and skipped (nullopt).
std::optional<KnownScanner> parse_scanner_table(const std::string& file, const toml::table& table, bool site,
                                                Diagnostics& diags);

}  // namespace gp::registry
