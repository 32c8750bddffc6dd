#include "classify/registry/known_scanner_index.hpp"

#include <algorithm>

namespace gp::registry {

KnownScannerIndex::KnownScannerIndex(const std::vector<KnownScanner>& list) {
  std::array<unsigned, 2> shortest{128, 128};
  for (const KnownScanner& scanner : list) {
    for (const IpNetwork& network : scanner.networks) {
      auto level =
          std::find_if(levels_.begin(), levels_.end(), [&](const Level& l) { return l.bits == network.bits(); });
      if (level == levels_.end()) {
        levels_.push_back(Level{network.bits(), {}});
        level = std::prev(levels_.end());
      }
      // emplace keeps the first entry for a network: the list's order breaks ties.
      level->networks.emplace(network.address(), &scanner);
      unsigned& bits = shortest[family_of(network.address())];
      bits = std::min(bits, network.bits());
    }
  }
  std::sort(levels_.begin(), levels_.end(), [](const Level& a, const Level& b) { return a.bits > b.bits; });
  for (std::size_t family = 0; family < prefilters_.size(); ++family) prefilters_[family].bits = shortest[family];
  // Every listed network, cut to its family's shortest prefix (the levels hold them all).
  for (const Level& level : levels_) {
    for (const auto& [address, scanner] : level.networks) {
      Prefilter& filter = prefilters_[family_of(address)];
      filter.prefixes.insert(IpNetwork::of_bits(address, filter.bits).address());
    }
  }
}

const KnownScanner* KnownScannerIndex::find(const IpAddress& address) const {
  const std::size_t family = family_of(address);
  const Prefilter& filter = prefilters_[family];
  if (!filter.prefixes.contains(IpNetwork::of_bits(address, filter.bits).address())) return nullptr;
  for (const Level& level : levels_) {
    if (family == 0 && level.bits < 96) break;  // the rest are IPv6 networks: families never mix
    const auto it = level.networks.find(IpNetwork::of_bits(address, level.bits).address());
    if (it != level.networks.end()) return it->second;
  }
  return nullptr;
}

}  // namespace gp::registry
