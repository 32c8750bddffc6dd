// The known-scanner lists: the shipped research/search-engine list loads cleanly with a
// source and a check date on every entry, lookups pick the most specific network, errors
// read like a compiler's, and the site can add its own entries or switch the list off.
#include "classify/registry/known_scanners.hpp"

#include <gtest/gtest.h>

#include "classify/registry/load.hpp"
#include "classify/registry/site.hpp"
#include "tests/support/addresses.hpp"

namespace gp::registry {
namespace {

using test::ip;

std::vector<std::string> messages(const Diagnostics& d) {
  std::vector<std::string> out;
  for (const auto& x : d.all()) out.push_back(format(x));
  return out;
}

TEST(KnownScanners, ShippedListLoadsWithSourcesAndDates) {
  Diagnostics d;
  const auto list = load_known_scanners_dir(GP_SOURCE_DIR "/rules/scanners", d);
  ASSERT_EQ(d.error_count(), 0U) << format(d.all().front());
  ASSERT_GE(list.size(), 5U);
  for (const KnownScanner& s : list) {
    EXPECT_FALSE(s.source.empty()) << s.name;
    EXPECT_EQ(s.checked.size(), 10U) << s.name << ": checked must be a full date";
    EXPECT_FALSE(s.networks.empty()) << s.name;
    EXPECT_NE(s.kind, ScannerKind::vulnerability_scanner) << s.name << ": site entries only";
    EXPECT_FALSE(s.from_site);
  }
  const KnownScanner* censys = find_known_scanner(list, ip("162.142.125.7"));
  ASSERT_NE(censys, nullptr);
  EXPECT_EQ(censys->name, "Censys");
  EXPECT_EQ(censys->kind, ScannerKind::search_engine);
  EXPECT_NE(find_known_scanner(list, ip("2602:80d:1000::9")), nullptr);
  EXPECT_EQ(find_known_scanner(list, ip("203.0.113.245")), nullptr);  // the bundled captures' scanner
  EXPECT_EQ(find_known_scanner(list, ip("10.20.2.58")), nullptr);
}

TEST(KnownScanners, MostSpecificNetworkWins) {
  Diagnostics d;
  std::vector<KnownScanner> list;
  parse_known_scanners(
      "l.toml",
      "[[scanner]]\nname = \"wide\"\nnetworks = [\"198.51.100.0/24\"]\nsource = \"s\"\nchecked = 2026-01-02\n"
      "[[scanner]]\nname = \"narrow\"\nkind = \"search_engine\"\nnetworks = [\"198.51.100.7\"]\n"
      "source = \"s\"\nchecked = \"2026-01\"\n",
      list, d);
  ASSERT_EQ(d.error_count(), 0U) << format(d.all().front());
  EXPECT_EQ(find_known_scanner(list, ip("198.51.100.7"))->name, "narrow");
  EXPECT_EQ(find_known_scanner(list, ip("198.51.100.8"))->name, "wide");
  EXPECT_EQ(find_known_scanner(list, ip("198.51.101.8")), nullptr);
  EXPECT_EQ(find_known_scanner(list, ip("2001:db8::c633:6408")), nullptr);  // families never mix
}

TEST(KnownScanners, ShippedEntriesMustNameSourceAndDate) {
  Diagnostics d;
  std::vector<KnownScanner> list;
  parse_known_scanners("l.toml",
                       "[[scanner]]\nname = \"x\"\nnetworks = [\"192.0.2.0/24\"]\n"                 // 1-3
                       "[[scanner]]\nname = \"y\"\nnetworks = [\"192.0.2.0/33\"]\nsource = \"\"\n"  // 4-7
                       "checked = \"last week\"\n"                                                  // 8
                       "[[scan]]\n",                                                                // 9
                       list, d);
  const std::vector<std::string> expected{
      "l.toml:9:3: error: unknown key 'scan' in a scanner list",
      "l.toml:1:1: error: missing key 'source'",
      "l.toml:1:1: error: missing key 'checked'",
      "l.toml:7:10: error: empty 'source'",
      "l.toml:8:11: error: invalid date 'last week' in 'checked' (expected YYYY, YYYY-MM or YYYY-MM-DD)",
      "l.toml:6:13: error: invalid prefix length in '192.0.2.0/33' (0-32)",
  };
  EXPECT_EQ(messages(d), expected);
  EXPECT_TRUE(list.empty());
}

TEST(KnownScanners, RegistryCombinesSiteAndShippedUnlessSwitchedOff) {
  const std::string dir = ::testing::TempDir();
  const std::string with = dir + "/with.toml";
  const std::string without = dir + "/without.toml";
  FILE* f = std::fopen(with.c_str(), "w");
  std::fputs("[[scanner]]\nname = \"our nessus\"\nnetworks = [\"162.142.125.9\", \"10.0.5.20\"]\n", f);
  std::fclose(f);
  f = std::fopen(without.c_str(), "w");
  std::fputs("research_scanners = false\nallowed_scanners = [\"10.0.5.20\"]\n", f);
  std::fclose(f);

  LoadOptions o;
  o.default_iana = std::nullopt;
  o.fallback_registries = {};
  o.nmap_services = "/nonexistent";
  o.site = with;
  auto loaded = load_registry(o);
  const PortRegistry& r = loaded.registry;
  ASSERT_NE(r.known_scanner(ip("10.0.5.20")), nullptr);
  EXPECT_EQ(r.known_scanner(ip("10.0.5.20"))->name, "our nessus");
  EXPECT_EQ(r.known_scanner(ip("162.142.125.9"))->name, "our nessus");  // the site's /32 inside Censys' /24
  EXPECT_EQ(r.known_scanner(ip("162.142.125.10"))->name, "Censys");
  EXPECT_EQ(r.known_scanner(ip("192.0.2.1")), nullptr);

  o.site = without;
  loaded = load_registry(o);
  EXPECT_EQ(loaded.registry.known_scanner(ip("162.142.125.10")), nullptr);  // list switched off
  ASSERT_NE(loaded.registry.known_scanner(ip("10.0.5.20")), nullptr);
  EXPECT_EQ(loaded.registry.known_scanner(ip("10.0.5.20"))->kind, ScannerKind::vulnerability_scanner);
}

}  // namespace
}  // namespace gp::registry
