#include "classify/features/internal_networks.hpp"

#include <algorithm>
#include <cstring>
#include <string>

namespace gp {

registry::IpAddr to_registry_addr(const IpAddress& a) {
  registry::IpAddr r;
  const auto wire = a.wire_bytes();
  r.v6 = !a.is_v4();
  std::memcpy(r.bytes.data(), wire.data(), wire.size());
  return r;
}

InternalNetworks InternalNetworks::defaults() {
  std::vector<registry::Cidr> nets;
  for (const char* text : {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8",
                           "169.254.0.0/16", "fc00::/7", "fe80::/10", "::1/128"}) {
    std::string why;
    if (auto c = registry::Cidr::parse(text, why)) nets.push_back(*c);
  }
  return from(nets);
}

InternalNetworks InternalNetworks::from(const std::vector<registry::Cidr>& networks) {
  InternalNetworks n;
  n.networks_ = networks;
  return n;
}

bool InternalNetworks::contains(const IpAddress& a) const {
  const registry::IpAddr r = to_registry_addr(a);
  return std::any_of(networks_.begin(), networks_.end(), [&r](const registry::Cidr& c) { return c.contains(r); });
}

}  // namespace gp
