// A destination port's standing as the features and the per-port view name it. Transports
// without ports (ICMP, GRE, ESP, …) have no standing at all: "none", so that no rule about
// orphaned or unassigned ports ever fires on an ICMP type number.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "classify/registry/port_registry.hpp"

namespace gp {

// The registry transport of an IP protocol number, if it has ports the registry covers.
std::optional<registry::Transport> registry_transport(std::uint8_t ip_proto);

// "none" for portless transports; "unassigned" when no registry is given.
std::string_view port_standing(const registry::PortRegistry* registry, std::uint16_t port, std::uint8_t ip_proto);

// The registered service name, or "-".
std::string port_service(const registry::PortRegistry* registry, std::uint16_t port, std::uint8_t ip_proto);

}  // namespace gp
