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

  const KnownScanner* find(const IpAddr& address) const;

 private:
  struct Network {
    std::uint64_t hi = 0;  // address bytes 0-7, host bits cleared
    std::uint64_t lo = 0;  // bytes 8-15
    friend bool operator==(const Network&, const Network&) = default;
  };
  struct NetworkHash {
    std::size_t operator()(const Network& n) const noexcept;
  };
  struct Level {
    std::uint8_t prefix = 0;
    std::unordered_map<Network, const KnownScanner*, NetworkHash> networks;
  };

  static Network masked(const IpAddr& address, std::uint8_t prefix);

  std::vector<Level> v4_;  // longest prefix first
  std::vector<Level> v6_;
};

}  // namespace gp::registry
