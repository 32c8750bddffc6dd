// Which addresses are "inside": the site file's internal_networks, or by default the
// private, shared, loopback and link-local ranges (RFC 1918, 6598, 4193, 4291).
#pragma once

#include <vector>

#include "common/ip_address.hpp"
#include "common/ip_network.hpp"

namespace gp {

class InternalNetworks {
 public:
  static InternalNetworks defaults();
  static InternalNetworks from(const std::vector<IpNetwork>& networks);

  bool contains(const IpAddress& a) const;
  const std::vector<IpNetwork>& networks() const { return networks_; }

 private:
  std::vector<IpNetwork> networks_;
};

}  // namespace gp
