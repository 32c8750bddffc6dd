#include "classify/features/internal_networks.hpp"

#include <algorithm>
#include <string>

namespace gp {

InternalNetworks InternalNetworks::defaults() {
  std::vector<IpNetwork> nets;
  for (const char* text : {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8",
                           "169.254.0.0/16", "fc00::/7", "fe80::/10", "::1/128"}) {
    std::string why;
    if (auto n = IpNetwork::parse(text, why)) nets.push_back(*n);
  }
  return from(nets);
}

InternalNetworks InternalNetworks::from(const std::vector<IpNetwork>& networks) {
  InternalNetworks n;
  n.networks_ = networks;
  return n;
}

bool InternalNetworks::contains(const IpAddress& a) const {
  return std::any_of(networks_.begin(), networks_.end(), [&a](const IpNetwork& n) { return n.contains(a); });
}

}  // namespace gp
