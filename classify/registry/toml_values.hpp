// The registry's own TOML values, read with common/toml_support's conventions: a port or port
// range, a transport set and a registry date (folklore, site, scanner lists).
#pragma once

#include <toml++/toml.h>

#include <optional>
#include <string>
#include <string_view>

#include "classify/registry/port_range.hpp"
#include "classify/registry/transport.hpp"
#include "common/diagnostics.hpp"

namespace gp::registry {

// `port = 3206` or `port = "3000-3010"`.
std::optional<PortRange> get_ports(const std::string& file, const toml::table& table, Diagnostics& diags);
// `transport = "tcp"` / "tcp/udp"; absent means tcp/udp.
std::optional<TransportSet> get_transports(const std::string& file, const toml::table& table, Diagnostics& diags);
// `date = "2008"`, "2008-11", "2008-11-20" or a TOML date. Absent → error when required.
std::optional<std::string> get_date(const std::string& file, const toml::table& table, std::string_view key,
                                    bool required, Diagnostics& diags);

}  // namespace gp::registry
