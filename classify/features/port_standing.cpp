#include "classify/features/port_standing.hpp"

namespace gp {

std::optional<registry::Transport> registry_transport(std::uint8_t ip_proto) {
  switch (ip_proto) {
    case 6: return registry::Transport::tcp;
    case 17: return registry::Transport::udp;
    case 132: return registry::Transport::sctp;
    case 33: return registry::Transport::dccp;
    default: return std::nullopt;
  }
}

std::string_view port_standing(const registry::PortRegistry* registry, std::uint16_t port, std::uint8_t ip_proto) {
  const auto t = registry_transport(ip_proto);
  if (!t) return "none";
  if (registry == nullptr) return "unassigned";
  return registry::to_string(registry->standing(port, *t));
}

std::string port_service(const registry::PortRegistry* registry, std::uint16_t port, std::uint8_t ip_proto) {
  const auto t = registry_transport(ip_proto);
  if (!t || registry == nullptr) return "-";
  std::string name = registry->registered_name(port, *t);
  return name.empty() ? "-" : name;
}

}  // namespace gp
