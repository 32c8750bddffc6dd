#include "classify/registry/threshold.hpp"

#include <map>

namespace gp::registry {

std::array<double, kTransportCount> derive_orphan_thresholds(const ServicesTable& observed) {
  std::array<std::map<double, unsigned>, kTransportCount> histogram;
  for (const auto& e : observed.entries) {
    if (!e.open_frequency || *e.open_frequency <= 0.0) continue;
    for (const Transport t : kAllTransports) {
      if (e.transports.contains(t)) ++histogram[index(t)][*e.open_frequency];
    }
  }
  std::array<double, kTransportCount> out{};
  for (const Transport t : kAllTransports) {
    unsigned total = 0;
    for (const auto& [freq, n] : histogram[index(t)]) total += n;
    for (const auto& [freq, n] : histogram[index(t)]) {  // ascending frequency
      if (n * 10U >= total && total > 0) {
        out[index(t)] = freq;
        break;
      }
    }
  }
  return out;
}

}  // namespace gp::registry
