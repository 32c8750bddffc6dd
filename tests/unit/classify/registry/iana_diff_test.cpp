// What `ghostport registry update` reports between two IANA files (iana_diff.hpp).
#include <gtest/gtest.h>

#include "classify/registry/iana_csv.hpp"
#include "classify/registry/iana_diff.hpp"

namespace gp::registry {
namespace {

constexpr const char* kHeader =
    "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,Modification "
    "Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes\n";

IanaTable table(const std::string& rows) {
  Diagnostics d;
  IanaTable t = parse_iana_csv("t.csv", std::string(kHeader) + rows, d);
  EXPECT_EQ(d.error_count(), 0U);
  return t;
}

TEST(IanaDiff, NewRemovedAndChangedAssignments) {
  const auto before = table(
      "semaphore,3255,tcp,Semaphore Connection Port,[Jay_Eckles],,2002-02,,,,,\n"
      "ironmail,3206,udp,IronMail POP Proxy,,,,,,,,\n"
      ",3300-3301,tcp,Unassigned,,,,,,,,\n");
  const auto after = table(
      ",3300-3301,tcp,Unassigned,,,,,,,,\n"
      "semaphore,3255,tcp,Semaphore Connection Port,[Jay_Eckles],,2002-02,2026-03-01,,,,\n"
      "ghostnew,3254,tcp,A new service,,,2026-03-02,,,,,\n");
  const IanaDiff d = diff_iana(before, after);
  ASSERT_EQ(d.added.size(), 1U);
  EXPECT_EQ(d.added[0].key, "3254/tcp ghostnew");
  ASSERT_EQ(d.removed.size(), 1U);
  EXPECT_EQ(d.removed[0].key, "3206/udp ironmail");
  ASSERT_EQ(d.changed.size(), 1U);
  EXPECT_EQ(d.changed[0].key, "3255/tcp semaphore");
  EXPECT_NE(d.changed[0].after.find("modified 2026-03-01"), std::string::npos);
  EXPECT_EQ(newest_date(after), "2026-03-02");
}

TEST(IanaDiff, TheSameRowsInAnotherOrderAreNoChange) {
  const auto a = table("a,1,tcp,A,,,,,,,,\nb,2,udp,B,,,,,,,,\n");
  const auto b = table("b,2,udp,B,,,,,,,,\na,1,tcp,A,,,,,,,,\n");
  EXPECT_TRUE(diff_iana(a, b).empty());
}

}  // namespace
}  // namespace gp::registry
