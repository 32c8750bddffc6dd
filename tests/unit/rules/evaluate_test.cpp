// Truth tables for every condition form, written as rule authors write them.
#include "rules/evaluate.hpp"

#include <gtest/gtest.h>

#include "tests/unit/rules/rules_test_support.hpp"

namespace gp::rules {
namespace {

using testing::Values;

// Compiles `when = { <body> }` in a flow rule (which may test both scopes).
Condition when(const std::string& body) {
  Diagnostics diags;
  auto rules = testing::parse_text(
      "[[rule]]\nid = \"t\"\nscope = \"flow\"\nlabel = \"suspicious\"\nweight = 1\n"
      "reason = \"r\"\nwhen = { " +
          body + " }\n",
      diags);
  EXPECT_EQ(diags.error_count(), 0U) << (diags.all().empty() ? "" : format(diags.all()[0]));
  if (rules.size() != 1) return Condition{AnyOf{}};
  return std::move(rules[0].when);
}

bool holds(const std::string& body, const Values& v) { return evaluate(when(body), v); }

TEST(Evaluate, NumericComparisons) {
  const Values ten = Values{}.set("flows", 10);
  EXPECT_TRUE(holds("flows = \">= 10\"", ten));
  EXPECT_FALSE(holds("flows = \"> 10\"", ten));
  EXPECT_TRUE(holds("flows = \"<= 10\"", ten));
  EXPECT_FALSE(holds("flows = \"< 10\"", ten));
  EXPECT_TRUE(holds("flows = \"== 10\"", ten));
  EXPECT_FALSE(holds("flows = \"!= 10\"", ten));
  EXPECT_TRUE(holds("flows = \"!= 9\"", ten));
  EXPECT_TRUE(holds("flows = 10", ten));
  EXPECT_FALSE(holds("flows = 11", ten));
  EXPECT_TRUE(holds("flows = \">=10\"", ten));  // spacing is free
  EXPECT_TRUE(holds("completed_ratio = \"> 0.5\"", Values{}.set("completed_ratio", 0.75)));
}

TEST(Evaluate, RangesIncludeBothEnds) {
  const std::string r = "completed_ratio = \"0.2..0.9\"";
  EXPECT_FALSE(holds(r, Values{}.set("completed_ratio", 0.19)));
  EXPECT_TRUE(holds(r, Values{}.set("completed_ratio", 0.2)));
  EXPECT_TRUE(holds(r, Values{}.set("completed_ratio", 0.5)));
  EXPECT_TRUE(holds(r, Values{}.set("completed_ratio", 0.9)));
  EXPECT_FALSE(holds(r, Values{}.set("completed_ratio", 0.91)));
}

TEST(Evaluate, NumberSets) {
  EXPECT_TRUE(holds("port = [3206, 3255]", Values{}.set("port", 3255)));
  EXPECT_FALSE(holds("port = [3206, 3255]", Values{}.set("port", 3511)));
}

TEST(Evaluate, TextValuesAndSets) {
  EXPECT_TRUE(holds("transport = \"tcp\"", Values{}.set("transport", "tcp")));
  EXPECT_FALSE(holds("transport = \"tcp\"", Values{}.set("transport", "udp")));
  const std::string s = "standing = [\"orphaned\", \"unassigned\"]";
  EXPECT_TRUE(holds(s, Values{}.set("standing", "orphaned")));
  EXPECT_TRUE(holds(s, Values{}.set("standing", "unassigned")));
  EXPECT_FALSE(holds(s, Values{}.set("standing", "active_service")));
  EXPECT_TRUE(holds("history = \"S\"", Values{}.set("history", "S")));  // free text: any word
}

TEST(Evaluate, Booleans) {
  EXPECT_TRUE(holds("client_internal = true", Values{}.set("client_internal", true)));
  EXPECT_FALSE(holds("client_internal = true", Values{}.set("client_internal", false)));
  EXPECT_TRUE(holds("client_internal = false", Values{}.set("client_internal", false)));
}

TEST(Evaluate, Ipv4Networks) {
  const std::string n = "resp_addr = \"10.0.0.0/8\"";
  EXPECT_TRUE(holds(n, Values{}.set_addr("resp_addr", "10.1.2.3")));
  EXPECT_TRUE(holds(n, Values{}.set_addr("resp_addr", "10.255.255.255")));
  EXPECT_FALSE(holds(n, Values{}.set_addr("resp_addr", "11.0.0.1")));
  EXPECT_FALSE(holds(n, Values{}.set_addr("resp_addr", "::ffff:b00:1")));
  EXPECT_TRUE(holds("resp_addr = \"192.0.2.7\"", Values{}.set_addr("resp_addr", "192.0.2.7")));  // bare = /32
  EXPECT_FALSE(holds("resp_addr = \"192.0.2.7\"", Values{}.set_addr("resp_addr", "192.0.2.8")));
  EXPECT_TRUE(holds("resp_addr = \"172.16.0.0/12\"", Values{}.set_addr("resp_addr", "172.31.0.1")));
  EXPECT_FALSE(holds("resp_addr = \"172.16.0.0/12\"", Values{}.set_addr("resp_addr", "172.32.0.1")));
  EXPECT_TRUE(holds("resp_addr = \"0.0.0.0/0\"", Values{}.set_addr("resp_addr", "8.8.8.8")));
  EXPECT_FALSE(holds("resp_addr = \"0.0.0.0/0\"", Values{}.set_addr("resp_addr", "2001:db8::1")));
}

TEST(Evaluate, Ipv6Networks) {
  const std::string n = "orig_addr = [\"fd00::/8\", \"2001:db8::/32\"]";
  EXPECT_TRUE(holds(n, Values{}.set_addr("orig_addr", "fd12:3456::1")));
  EXPECT_TRUE(holds(n, Values{}.set_addr("orig_addr", "2001:db8:ffff::1")));
  EXPECT_FALSE(holds(n, Values{}.set_addr("orig_addr", "2001:db9::1")));
  EXPECT_FALSE(holds(n, Values{}.set_addr("orig_addr", "10.0.0.1")));
  EXPECT_TRUE(holds("orig_addr = \"fe80::/10\"", Values{}.set_addr("orig_addr", "febf::1")));
  EXPECT_FALSE(holds("orig_addr = \"fe80::/10\"", Values{}.set_addr("orig_addr", "fec0::1")));
}

TEST(Evaluate, UnsetFeatureMakesEveryTestFalse) {
  const Values none;
  for (const char* body :
       {"flows = \">= 0\"", "flows = \"!= 5\"", "flows = 0", "completed_ratio = \"0..1\"", "port = [1, 2]",
        "transport = \"tcp\"", "client_internal = false", "resp_addr = \"0.0.0.0/0\"", "resp_addr = \"::/0\""}) {
    EXPECT_FALSE(holds(body, none)) << body;
  }
  // `not` inverts the whole inner test, so "not tcp" holds when the transport is unknown.
  EXPECT_TRUE(holds("not = { transport = \"tcp\" }", none));
}

TEST(Evaluate, Combinators) {
  const Values v = Values{}.set("flows", 10).set("protocol", "http").set("client_internal", true);
  EXPECT_TRUE(holds("flows = \">= 10\", protocol = \"http\"", v));  // keys: all must hold
  EXPECT_FALSE(holds("flows = \">= 10\", protocol = \"ssh\"", v));
  EXPECT_TRUE(holds("any = [{ protocol = \"ssh\" }, { flows = 10 }]", v));
  EXPECT_FALSE(holds("any = [{ protocol = \"ssh\" }, { flows = 11 }]", v));
  EXPECT_TRUE(holds("all = [{ protocol = \"http\" }, { flows = 10 }]", v));
  EXPECT_FALSE(holds("all = [{ protocol = \"http\" }, { flows = 11 }]", v));
  EXPECT_TRUE(holds("not = { protocol = \"ssh\" }", v));
  EXPECT_FALSE(holds("not = { protocol = \"http\", flows = 10 }", v));  // not (a and b)
  EXPECT_TRUE(holds("not = { protocol = \"http\", flows = 11 }", v));
  EXPECT_TRUE(
      holds("client_internal = true, any = [{ not = { flows = 10 } }, { all = [{ protocol = \"http\" }] }]", v));
}

TEST(Evaluate, WrongValueTypeFromTheCallerIsFalse) {
  // The catalogue says flows is a number; a producer bug handing text must not fire rules.
  EXPECT_FALSE(holds("flows = \">= 0\"", Values{}.set("flows", "ten")));
}

TEST(Evaluate, MultiLineWhenTable) {
  Diagnostics diags;
  auto rules = testing::parse_text(
      "[[rule]]\nid = \"t\"\nlabel = \"suspicious\"\nweight = 1\nreason = \"r\"\n"
      "[rule.when]\nflows = \">= 3\"\nany = [{ protocol = \"http\" }, { protocol = \"tls\" }]\n"
      "[rule.when.not]\nserver_internal = false\n",
      diags);
  ASSERT_EQ(diags.error_count(), 0U);
  ASSERT_EQ(rules.size(), 1U);
  EXPECT_EQ(describe(rules[0].when),
            "flows >= 3 and (protocol == http or protocol == tls) and not (not server_internal)");
  EXPECT_TRUE(evaluate(rules[0].when, Values{}.set("flows", 3).set("protocol", "tls").set("server_internal", true)));
  EXPECT_FALSE(evaluate(rules[0].when, Values{}.set("flows", 3).set("protocol", "tls").set("server_internal", false)));
}

}  // namespace
}  // namespace gp::rules
