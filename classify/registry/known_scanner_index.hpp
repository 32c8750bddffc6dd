// Longest-prefix match over the known-scanner lists, for lookups on the packet path: the
// scan detector asks for every new source (a spoofed flood brings millions) and analyze for
// every conversation's client. Almost every address is on no list: one hash probe says so
// (the address cut to its family's shortest listed prefix, which every listed network of
// that family shares with the addresses inside it); the others take one probe per distinct
// prefix length in the lists (a handful), however many networks they hold — a site can load
// thousands.
//
// Answers exactly what find_known_scanner() answers on the same list: the most specific
// network wins, and between equally specific ones the entry listed first.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>

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
    absl::flat_hash_map<IpAddress, const KnownScanner*, IpAddressHash> networks;
  };
  // One family's listed networks, each cut to the shortest prefix among them (`bits`).
  struct Prefilter {
    unsigned bits = 0;
    absl::flat_hash_set<IpAddress, IpAddressHash> prefixes;
  };
  static std::size_t family_of(const IpAddress& address) { return address.is_v4() ? 0 : 1; }

  std::vector<Level> levels_;            // longest prefix first
  std::array<Prefilter, 2> prefilters_;  // [0] IPv4, [1] IPv6
};

}  // namespace gp::registry
