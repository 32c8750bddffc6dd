#include "classify/registry/folklore.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace gp::registry {
namespace {

std::vector<std::string> messages(const Diagnostics& d) {
  std::vector<std::string> out;
  for (const auto& x : d.all()) out.push_back(format(x));
  return out;
}

TEST(Folklore, ShippedFilesLoadCleanlyWithSourcesAndDates) {
  Diagnostics d;
  const auto entries = load_folklore_dir(GP_SOURCE_DIR "/rules/ports", d);
  EXPECT_EQ(d.error_count(), 0U) << (d.all().empty() ? "" : format(d.all().front()));
  EXPECT_GE(entries.size(), 35U);
  for (const auto& e : entries) {
    EXPECT_FALSE(e.source.empty()) << e.name;
    EXPECT_FALSE(e.date.empty()) << e.name;
  }
}

TEST(Folklore, InUseLayerHasWellOverAHundredDatedSourcedEntries) {
  Diagnostics d;
  const auto text = std::string(GP_SOURCE_DIR "/rules/ports/in_use.toml");
  const auto all = load_folklore_dir(GP_SOURCE_DIR "/rules/ports", d);
  const auto n = std::count_if(all.begin(), all.end(), [&text](const FolkloreEntry& e) {
    return e.kind == FolkloreKind::in_use && e.where.file == text && !e.source.empty() && !e.date.empty();
  });
  EXPECT_GE(n, 150);
  EXPECT_EQ(d.error_count(), 0U);
}

TEST(Folklore, InUseEntryThatSaysItEndedIsAnError) {
  Diagnostics d;
  std::vector<FolkloreEntry> out;
  parse_folklore("u.toml",
                 "[[folklore]]\nport = 1883\nkind = \"in_use\"\nname = \"MQTT\"\nended = \"2019\"\n"
                 "source = \"OASIS MQTT 5.0\"\ndate = \"2019-03\"\n",
                 out, d);
  EXPECT_TRUE(out.empty());
  ASSERT_EQ(d.error_count(), 1U);
  EXPECT_NE(messages(d).front().find("u.toml:5:"), std::string::npos) << messages(d).front();
  EXPECT_NE(messages(d).front().find("remove 'ended'"), std::string::npos) << messages(d).front();
}

TEST(Folklore, IronMailNamesCipherTrustAndTheProductsEnd) {
  Diagnostics d;
  const auto entries = load_folklore_dir(GP_SOURCE_DIR "/rules/ports", d);
  const auto it =
      std::find_if(entries.begin(), entries.end(), [](const FolkloreEntry& e) { return e.ports.contains(3206); });
  ASSERT_NE(it, entries.end());
  EXPECT_EQ(it->name, "IronMail POP Proxy");
  EXPECT_EQ(it->vendor, "CipherTrust");
  EXPECT_EQ(it->ended, "2008");
  EXPECT_EQ(it->kind, FolkloreKind::dead_registration);
  EXPECT_NE(it->note.find("McAfee"), std::string::npos);
}

TEST(Folklore, EveryErrorClassWithFileLineColumnInOnePass) {
  Diagnostics d;
  std::vector<FolkloreEntry> out;
  parse_folklore("f.toml",
                 "[[folklore]]\n"  // 1
                 "port = 70000\n"  // 2
                 "kind = \"trojan\"\nname = \"A\"\nsource = \"s\"\ndate = \"1999\"\n"
                 "[[folklore]]\n"  // 7
                 "port = 1\nkind = \"trojan\"\nname = \"B\"\nsource = \"s\"\ndate = \"1999\"\n"
                 "prot = 3\n"      // 13
                 "[[folklore]]\n"  // 14
                 "port = \"9-5\"\nkind = \"legend\"\nname = \"C\"\nsource = \"s\"\ndate = \"1999\"\n"
                 "[[folklore]]\n"  // 20
                 "port = 2\nkind = \"trojan\"\nname = 5\nsource = \"s\"\ndate = \"19x9\"\n"
                 "transport = \"tcp/ip\"\n"                     // 26
                 "[[folklore]]\n"                               // 27
                 "port = 3\nkind = \"trojan\"\nname = \"D\"\n"  // no source/date
                 "[[folklore]]\n"                               // 31
                 "port = 4\nkind = \"trojan\"\nname = \"E\"\nsource = \"s\"\ndate = \"1999\"\n",
                 out, d);
  const std::vector<std::string> expected{
      "f.toml:2:8: error: port 70000 out of range 0-65535",
      "f.toml:13:1: error: unknown key 'prot' in [[folklore]] (did you mean 'port'?)",
      "f.toml:15:8: error: port range 9-5 is reversed",
      "f.toml:16:8: error: unknown kind 'legend' (expected attribution, vendor_default, trojan, "
      "malware, dead_registration or in_use)",
      "f.toml:26:13: error: unknown transport 'tcp/ip' (expected tcp, udp, sctp, dccp or a "
      "'/'-separated set such as \"tcp/udp\")",
      "f.toml:23:8: error: key 'name' must be a string, found integer",
      "f.toml:25:8: error: invalid date '19x9' in 'date' (expected YYYY, YYYY-MM or YYYY-MM-DD)",
      "f.toml:27:1: error: missing key 'source'",
      "f.toml:27:1: error: missing key 'date'",
  };
  EXPECT_EQ(messages(d), expected);
  ASSERT_EQ(out.size(), 1U);  // only E is whole
  EXPECT_EQ(out[0].name, "E");
}

TEST(Folklore, SyntaxErrorPointsAtTheSource) {
  Diagnostics d;
  std::vector<FolkloreEntry> out;
  parse_folklore("s.toml", "[[folklore]]\nport = = 3\n", out, d);
  ASSERT_EQ(d.error_count(), 1U);
  EXPECT_EQ(d.all()[0].where.file, "s.toml");
  EXPECT_EQ(d.all()[0].where.line, 2U);
  EXPECT_GT(d.all()[0].where.column, 0U);
}

TEST(Folklore, DuplicateAndContradictoryEntriesAreErrors) {
  Diagnostics d;
  std::vector<FolkloreEntry> out;
  parse_folklore("c.toml",
                 "[[folklore]]\nport = \"100-110\"\nkind = \"dead_registration\"\nname = \"X\"\n"
                 "source = \"s\"\ndate = \"2000\"\n"
                 "[[folklore]]\nport = 105\nkind = \"dead_registration\"\nname = \"Y\"\n"
                 "source = \"s\"\ndate = \"2000\"\n"
                 "[[folklore]]\nport = 110\nkind = \"trojan\"\nname = \"X\"\n"
                 "source = \"s\"\ndate = \"2000\"\n",
                 out, d);
  check_folklore_conflicts(out, d);
  const std::vector<std::string> expected{
      "c.toml:7:1: error: dead_registration 'Y' on ports 105 contradicts 'X' on 100-110 (at "
      "c.toml:1:1)",
      "c.toml:13:1: error: duplicate folklore 'X' for port 110 (first at c.toml:1:1)",
  };
  EXPECT_EQ(messages(d), expected);
}

}  // namespace
}  // namespace gp::registry
