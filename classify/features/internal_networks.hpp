// Which addresses are "inside": the site file's internal_networks, or by default the
// private, shared, loopback and link-local ranges (RFC 1918, 6598, 4193, 4291).
#pragma once

#include <vector>

#include "common/ip_address.hpp"
#include "classify/registry/cidr.hpp"

namespace gp {

class InternalNetworks {
 public:
  static InternalNetworks defaults();
  static InternalNetworks from(const std::vector<registry::Cidr>& networks);

  bool contains(const IpAddress& a) const;
  const std::vector<registry::Cidr>& networks() const { return networks_; }

 private:
  std::vector<registry::Cidr> networks_;
};

// The registry's address type for an address of ours.
registry::IpAddr to_registry_addr(const IpAddress& a);

}  // namespace gp
