#include "classify/registry/site.hpp"

#include <gtest/gtest.h>

#include "tests/support/addresses.hpp"

namespace gp::registry {
namespace {

std::vector<std::string> messages(const Diagnostics& d) {
  std::vector<std::string> out;
  for (const auto& x : d.all()) out.push_back(format(x));
  return out;
}

TEST(Site, NetworksApplicationsScannersAndNotes) {
  Diagnostics d;
  const auto site = parse_site("site.toml",
                               "internal_networks = [\"10.0.0.0/8\", \"fd00::/8\"]\n"
                               "allowed_scanners = [\"10.0.5.20\"]\n"
                               "[[application]]\nport = 3255\ntransport = \"tcp\"\n"
                               "name = \"build-cache\"\nnetworks = [\"10.1.0.0/16\"]\n"
                               "[[note]]\nport = 3511\ntext = \"old OS/2 lab\"\n",
                               d);
  ASSERT_EQ(d.error_count(), 0U) << format(d.all().front());
  EXPECT_TRUE(site.is_internal(test::ip("10.200.1.1")));
  EXPECT_TRUE(site.is_internal(test::ip("fd12::1")));
  EXPECT_FALSE(site.is_internal(test::ip("192.0.2.1")));
  EXPECT_TRUE(site.is_allowed_scanner(test::ip("10.0.5.20")));
  EXPECT_FALSE(site.is_allowed_scanner(test::ip("10.0.5.21")));
  ASSERT_EQ(site.applications.size(), 1U);
  EXPECT_TRUE(site.applications[0].serves(test::ip("10.1.2.3")));
  EXPECT_FALSE(site.applications[0].serves(test::ip("10.2.2.3")));
  ASSERT_EQ(site.notes.size(), 1U);
  EXPECT_EQ(site.notes[0].text, "old OS/2 lab");
}

TEST(Site, EveryErrorClassWithFileLineColumnInOnePass) {
  Diagnostics d;
  const auto site = parse_site("s.toml",
                               "internal_networks = [\"10.0.0.1/8\", \"300.1.1.1/8\"]\n"  // 1
                               "scanners = [\"10.0.5.20\"]\n"                             // 2
                               "[[application]]\n"                                        // 3
                               "port = -1\nname = \"a\"\n"                                // 4-5
                               "[[application]]\n"                                        // 6
                               "port = 3255\nname = \"cache\"\nnetworks = [\"10.0.0.0/8\"]\n"
                               "[[application]]\n"  // 10
                               "port = \"3250-3260\"\nname = \"other\"\n"
                               "[[note]]\nport = 1\ntext = 3\n",  // 13-15
                               d);
  const std::vector<std::string> expected{
      "s.toml:2:1: error: unknown key 'scanners' in a site file (did you mean 'scanner'?)",
      "s.toml:1:22: error: network '10.0.0.1/8' has host bits set (did you mean 10.0.0.0/8?)",
      "s.toml:1:36: error: invalid network '300.1.1.1/8' (expected CIDR such as 10.0.0.0/8 or "
      "fd00::/8)",
      "s.toml:4:8: error: port -1 out of range 0-65535",
      "s.toml:15:8: error: key 'text' must be a string, found integer",
      "s.toml:10:1: error: application 'other' on ports 3250-3260 contradicts 'cache' on ports "
      "3255 (at s.toml:6:1): overlapping ports and networks",
  };
  EXPECT_EQ(messages(d), expected);
  EXPECT_EQ(site.applications.size(), 2U);
}

TEST(Site, ScannersOfItsOwnAndTheSwitchForTheShippedList) {
  Diagnostics d;
  const auto site = parse_site("site.toml",
                               "research_scanners = false\n"
                               "allowed_scanners = [\"10.0.5.21\"]\n"
                               "[[scanner]]\nname = \"nessus\"\nnetworks = [\"10.0.5.20\", \"fd00::20\"]\n"
                               "note = \"weekly credentialed scan\"\n",
                               d);
  ASSERT_EQ(d.error_count(), 0U) << format(d.all().front());
  EXPECT_FALSE(site.research_scanners);
  ASSERT_EQ(site.scanners.size(), 2U);
  EXPECT_EQ(site.scanners[0].name, "nessus");
  EXPECT_EQ(site.scanners[0].kind, ScannerKind::vulnerability_scanner);  // a site's default
  EXPECT_TRUE(site.scanners[0].from_site);
  EXPECT_EQ(site.scanners[0].networks.size(), 2U);
  EXPECT_EQ(site.scanners[1].name, "allowed_scanners");  // the older key joins the list
  EXPECT_EQ(find_known_scanner(site.scanners, test::ip("10.0.5.21")), &site.scanners[1]);
}

TEST(Site, ScannerEntryErrorsPointAtTheKey) {
  Diagnostics d;
  const auto site = parse_site("s.toml",
                               "research_scanners = \"no\"\n"                     // 1
                               "[[scanner]]\n"                                    // 2
                               "name = \"vuln\"\nnetworks = [\"10.0.5.1/24\"]\n"  // 3-4
                               "kind = \"pentest\"\nnetwork = 1\n"                // 5-6
                               "[[scanner]]\nnetworks = []\n",                    // 7-8
                               d);
  const std::vector<std::string> expected{
      "s.toml:1:21: error: key 'research_scanners' must be true or false, found string",
      "s.toml:6:1: error: unknown key 'network' in [[scanner]] (did you mean 'networks'?)",
      "s.toml:5:8: error: unknown kind 'pentest' (expected research, search_engine or vulnerability_scanner)",
      "s.toml:4:13: error: network '10.0.5.1/24' has host bits set (did you mean 10.0.5.0/24?)",
      "s.toml:7:1: error: missing key 'name'",
      "s.toml:8:12: error: 'networks' is empty",
  };
  EXPECT_EQ(messages(d), expected);
  EXPECT_TRUE(site.scanners.empty());
}

}  // namespace
}  // namespace gp::registry
