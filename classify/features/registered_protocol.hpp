// Whether a protocol the payload identifier names (protocol_vocabulary()) is the one an IANA
// registration stands for: MQTT is what 'mqtt' (1883) registered, DNS what 'domain' (53) did.
// Then traffic on the port is the registered service in use, however quiet nmap found the
// port, and it is never "custom" or "suspicious" for the port's standing.
#pragma once

#include <cstdint>
#include <string_view>

#include "classify/registry/port_registry.hpp"

namespace gp {

// `service`: an IANA service name ("mqtt", "domain", "sun-sr-https").
bool protocol_is_registration(std::string_view protocol, std::string_view service);

// The identified `protocol` against the registered name of (port, transport); false for
// "none"/"unknown", for unregistered ports and without a registry.
bool protocol_is_registered_on(const registry::PortRegistry* registry, std::string_view protocol, std::uint16_t port,
                               std::uint8_t ip_proto);

}  // namespace gp
