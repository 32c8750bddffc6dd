// The longest-prefix index answers exactly what the linear walk answers: on the shipped
// list, and on a generated list of nested, overlapping and duplicated networks of every
// prefix length, probed with addresses inside, beside and outside each network.
#include "classify/registry/known_scanner_index.hpp"

#include <gtest/gtest.h>

#include <array>
#include <random>
#include <span>

#include "classify/registry/known_scanners.hpp"
#include "tests/support/addresses.hpp"

namespace gp::registry {
namespace {

using test::ip;

KnownScanner entry(std::string name, std::initializer_list<const char*> networks) {
  KnownScanner s;
  s.name = std::move(name);
  for (const char* n : networks) {
    s.networks.push_back(test::network(n));
  }
  return s;
}

void expect_same(const std::vector<KnownScanner>& list, const KnownScannerIndex& index, const IpAddress& a) {
  EXPECT_EQ(index.find(a), find_known_scanner(list, a)) << a.to_string();
}

TEST(KnownScannerIndex, MostSpecificThenFirstListed) {
  const std::vector<KnownScanner> list = {
      entry("site", {"198.51.100.7", "2001:db8::/48"}),
      entry("wide", {"198.51.100.0/24", "2001:db8::/32", "0.0.0.0/0"}),
      entry("tie", {"198.51.100.7/32", "2001:db8::/48"}),  // same networks as "site": site wins
      entry("odd", {"198.51.100.128/25", "2001:db8:0:8000::/49"}),
  };
  const KnownScannerIndex index(list);
  EXPECT_EQ(index.find(ip("198.51.100.7"))->name, "site");
  EXPECT_EQ(index.find(ip("198.51.100.8"))->name, "wide");
  EXPECT_EQ(index.find(ip("198.51.100.200"))->name, "odd");
  EXPECT_EQ(index.find(ip("203.0.113.1"))->name, "wide");  // 0.0.0.0/0
  EXPECT_EQ(index.find(ip("2001:db8::1"))->name, "site");
  EXPECT_EQ(index.find(ip("2001:db8:0:8000::1"))->name, "odd");
  EXPECT_EQ(index.find(ip("2001:db8:1::1"))->name, "wide");
  EXPECT_EQ(index.find(ip("2001:db9::1")), nullptr);
  EXPECT_EQ(KnownScannerIndex().find(ip("198.51.100.7")), nullptr);
}

TEST(KnownScannerIndex, FamiliesNeverMix) {
  const std::vector<KnownScanner> list = {entry("v6", {"::/0"}), entry("v4", {"0.0.0.0/0"})};
  const KnownScannerIndex index(list);
  EXPECT_EQ(index.find(ip("198.51.100.7"))->name, "v4");
  EXPECT_EQ(index.find(ip("2001:db8::1"))->name, "v6");
  const std::vector<KnownScanner> v6_only = {entry("v6", {"::/0"})};
  EXPECT_EQ(KnownScannerIndex(v6_only).find(ip("198.51.100.7")), nullptr);
  EXPECT_EQ(find_known_scanner(v6_only, ip("198.51.100.7")), nullptr);
}

// `a` with its last byte's low bit set: a host inside the network (or the next one for a /32).
IpAddress with_low_bit(const IpAddress& a) {
  auto bytes = a.bytes();
  bytes[15] |= 1;
  return IpAddress::from_v6(std::span<const std::uint8_t, 16>(bytes));
}

TEST(KnownScannerIndex, AgreesWithTheLinearWalkOnTheShippedList) {
  Diagnostics d;
  const auto list = load_known_scanners_dir(GP_SOURCE_DIR "/rules/scanners", d);
  ASSERT_EQ(d.error_count(), 0U);
  const KnownScannerIndex index(list);
  std::size_t hits = 0;
  for (const KnownScanner& s : list) {
    for (const IpNetwork& n : s.networks) {
      for (const IpAddress& a : {n.address(), with_low_bit(n.address())}) {
        expect_same(list, index, a);
        hits += index.find(a) != nullptr;
      }
    }
  }
  EXPECT_GT(hits, list.size());
}

TEST(KnownScannerIndex, AgreesWithTheLinearWalkOnRandomNestedNetworks) {
  std::mt19937_64 rng(7);
  // Addresses drawn from a small space so that networks nest, overlap and repeat.
  const auto random_address = [&](bool v6) {
    std::array<std::uint8_t, 16> b{};
    for (std::size_t i = 0; i < b.size(); ++i) b[i] = static_cast<std::uint8_t>(rng() % 4 == 0 ? rng() : 0x20 + i);
    return v6 ? IpAddress::from_v6(std::span<const std::uint8_t, 16>(b))
              : IpAddress::from_v4(std::span<const std::uint8_t, 4>(b.data(), 4));
  };
  std::vector<KnownScanner> list;
  for (int e = 0; e < 40; ++e) {
    KnownScanner s;
    s.name = "entry" + std::to_string(e);
    for (int n = 0; n < 6; ++n) {
      const bool v6 = rng() % 2 == 0;
      const auto prefix = static_cast<unsigned>(rng() % ((v6 ? 128U : 32U) + 1));
      s.networks.push_back(IpNetwork::of(random_address(v6), prefix, prefix));
    }
    list.push_back(std::move(s));
  }
  const KnownScannerIndex index(list);
  for (int i = 0; i < 20000; ++i) expect_same(list, index, random_address(rng() % 2 == 0));
  for (const KnownScanner& s : list) {
    for (const IpNetwork& n : s.networks) expect_same(list, index, n.address());
  }
}

}  // namespace
}  // namespace gp::registry
