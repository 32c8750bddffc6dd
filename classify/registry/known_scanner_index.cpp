#include "classify/registry/known_scanner_index.hpp"

#include <algorithm>
#include <bit>

namespace gp::registry {
namespace {

std::uint64_t load_be64(const std::uint8_t* p) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | p[i];
  return v;
}

// The top `bits` bits of a 64-bit word (0 to 64).
std::uint64_t top_bits(std::uint64_t v, unsigned bits) {
  return bits == 0 ? 0 : v & (~std::uint64_t{0} << (64 - bits));
}

}  // namespace

std::size_t KnownScannerIndex::NetworkHash::operator()(const Network& n) const noexcept {
  // A 64-bit finaliser (splitmix64) over both halves: networks differ in few bits.
  std::uint64_t x = n.hi ^ std::rotl(n.lo, 31) ^ 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return static_cast<std::size_t>(x ^ (x >> 31));
}

KnownScannerIndex::Network KnownScannerIndex::masked(const IpAddr& address, std::uint8_t prefix) {
  // IPv4 sits in bytes 0-3 (cidr.hpp); v6 uses all 16.
  const unsigned width = address.v6 ? 128 : 32;
  const unsigned keep = std::min<unsigned>(prefix, width);
  Network n;
  n.hi = top_bits(load_be64(address.bytes.data()), std::min(keep, 64U));
  n.lo = top_bits(load_be64(address.bytes.data() + 8), keep > 64 ? keep - 64 : 0);
  return n;
}

KnownScannerIndex::KnownScannerIndex(const std::vector<KnownScanner>& list) {
  for (const KnownScanner& scanner : list) {
    for (const Cidr& cidr : scanner.networks) {
      std::vector<Level>& levels = cidr.base.v6 ? v6_ : v4_;
      auto level = std::find_if(levels.begin(), levels.end(), [&](const Level& l) { return l.prefix == cidr.prefix; });
      if (level == levels.end()) {
        levels.push_back(Level{cidr.prefix, {}});
        level = std::prev(levels.end());
      }
      // emplace keeps the first entry for a network: the list's order breaks ties.
      level->networks.emplace(masked(cidr.base, cidr.prefix), &scanner);
    }
  }
  for (auto* levels : {&v4_, &v6_}) {
    std::sort(levels->begin(), levels->end(), [](const Level& a, const Level& b) { return a.prefix > b.prefix; });
  }
}

const KnownScanner* KnownScannerIndex::find(const IpAddr& address) const {
  for (const Level& level : address.v6 ? v6_ : v4_) {
    const auto it = level.networks.find(masked(address, level.prefix));
    if (it != level.networks.end()) return it->second;
  }
  return nullptr;
}

}  // namespace gp::registry
