#include "classify/registry/transport.hpp"

namespace gp::registry {

std::string_view to_string(Transport t) noexcept {
  switch (t) {
    case Transport::tcp: return "tcp";
    case Transport::udp: return "udp";
    case Transport::sctp: return "sctp";
    case Transport::dccp: return "dccp";
  }
  return "?";
}

std::optional<Transport> parse_transport(std::string_view text) noexcept {
  for (const Transport t : kAllTransports) {
    if (to_string(t) == text) return t;
  }
  return std::nullopt;
}

std::optional<TransportSet> parse_transport_set(std::string_view text) noexcept {
  TransportSet set;
  while (!text.empty()) {
    const auto slash = text.find('/');
    const auto part = text.substr(0, slash);
    const auto t = parse_transport(part);
    if (!t) return std::nullopt;
    set.add(*t);
    if (slash == std::string_view::npos) break;
    text.remove_prefix(slash + 1);
    if (text.empty()) return std::nullopt;  // "tcp/" is a typo, not a set
  }
  if (set.empty()) return std::nullopt;
  return set;
}

}  // namespace gp::registry
