// Longest-prefix match over the known-scanner lists, for lookups on the packet path: the
// scan detector asks for every new source (a spoofed flood brings millions) and analyze for
// every conversation's client. One hash probe per distinct prefix length in the lists (a
// handful), however many networks they hold — a site can load thousands.
//
// Answers exactly what find_known_scanner() answers on the same list: the most specific
// network wins, and between equally specific ones the entry listed first.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "classify/registry/known_scanners.hpp"

namespace gp::registry {

class KnownScannerIndex {
 public:
  KnownScannerIndex() = default;
  // Points into `list`, which must outlive the index and not change.
  explicit KnownScannerIndex(const std::vector<KnownScanner>& list);

  const KnownScanner* find(const IpAddress& address) const;

 private:
  // Networks of one prefix length (IpNetwork::bits(), the 16-byte form both families share),
  // by their address.
  struct Level {
    unsigned bits = 0;
    std::unordered_map<IpAddress, const KnownScanner*, IpAddressHash> networks;
  };
  std::vector<Level> levels_;  // longest prefix first
};

}  // namespace gp::registry
