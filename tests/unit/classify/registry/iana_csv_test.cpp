#include "classify/registry/iana_csv.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace gp::registry {
namespace {

const char* const kHeader =
    "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration "
    "Date,Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes\n";

std::vector<std::string> messages(const Diagnostics& d) {
  std::vector<std::string> out;
  for (const auto& x : d.all()) out.push_back(format(x));
  return out;
}

const IanaRecord* find(const IanaTable& t, std::string_view service, Transport tr) {
  for (const auto& r : t.records) {
    if (r.service == service && r.transports.contains(tr)) return &r;
  }
  return nullptr;
}

TEST(IanaCsv, RealRegistryLoadsWithoutErrors) {
  Diagnostics d;
  const auto t = load_iana_csv(GP_IANA_CSV, d);
  EXPECT_EQ(d.error_count(), 0U) << (d.all().empty() ? "" : format(d.all().front()));
  EXPECT_EQ(t.rows_read, 14499U);
  EXPECT_EQ(t.records.size() + t.rows_without_port, 14499U);
}

TEST(IanaCsv, SeedPortsAsTheRegistrySaysThem) {
  Diagnostics d;
  const auto t = load_iana_csv(GP_IANA_CSV, d);
  const auto* webmail = find(t, "webmail-2", Transport::tcp);
  ASSERT_NE(webmail, nullptr);
  EXPECT_EQ(webmail->ports, (PortRange{3511, 3511}));
  EXPECT_EQ(webmail->description, "WebMail/2");
  EXPECT_EQ(webmail->assignee, "[Dimitris_Michelinaki]");
  EXPECT_EQ(webmail->registration_date, "2002-05");
  const auto* sem = find(t, "semaphore", Transport::udp);
  ASSERT_NE(sem, nullptr);
  EXPECT_EQ(sem->ports.first, 3255);
  EXPECT_EQ(sem->description, "Semaphore Connection Port");
  EXPECT_EQ(sem->assignee, "[Jay_Eckles]");
  EXPECT_EQ(sem->registration_date, "2002-02");
  // A seed page calls 3206 unassigned; this copy of the registry has it registered.
  const auto* iron = find(t, "ironmail", Transport::tcp);
  ASSERT_NE(iron, nullptr);
  EXPECT_EQ(iron->kind, IanaKind::assigned);
  EXPECT_EQ(iron->ports.first, 3206);
  EXPECT_EQ(iron->description, "IronMail POP Proxy");
  EXPECT_EQ(iron->assignee, "[Mike_Hudack]");
  EXPECT_EQ(iron->registration_date, "");
}

TEST(IanaCsv, RangesBlankTransportsAndKinds) {
  Diagnostics d;
  const auto t = parse_iana_csv("r.csv",
                                std::string(kHeader) +
                                    ",3284-3299,,Unassigned,,,,,,,,\n"
                                    ",1024,tcp,Reserved,,,,2024-12-20,[RFC6335],,,\n"
                                    "swx,7300-7359,,The Swiss Exchange,[Edgar_Blum],[Edgar_Blum],,,,,,\n"
                                    "zeromq,,udp,DNS-SD only,,,2012-04-24,,,,,\n",
                                d);
  ASSERT_EQ(d.error_count(), 0U);
  ASSERT_EQ(t.records.size(), 3U);
  EXPECT_EQ(t.rows_without_port, 1U);
  EXPECT_EQ(t.records[0].kind, IanaKind::unassigned);
  EXPECT_EQ(t.records[0].ports, (PortRange{3284, 3299}));
  EXPECT_TRUE(t.records[0].transports == TransportSet::all());
  EXPECT_EQ(t.records[1].kind, IanaKind::reserved);
  EXPECT_EQ(t.records[2].kind, IanaKind::assigned);
  EXPECT_TRUE(t.records[2].transports == TransportSet::tcp_udp());
}

// Every error class, with its exact file:line:col, in one pass; good rows still load.
TEST(IanaCsv, EveryErrorClassReportedInOnePassAndGoodRowsKept) {
  Diagnostics d;
  const auto t = parse_iana_csv("bad.csv",
                                std::string(kHeader) +
                                    "good,1000,tcp,Good,,,,,,,,\n"                // line 2
                                    "p1,7x,tcp,Bad port,,,,,,,,\n"                // line 3: port at col 4
                                    "p2,70000,tcp,Too big,,,,,,,,\n"              // line 4
                                    "p3,9-5,tcp,Reversed,,,,,,,,\n"               // line 5
                                    "p4,5,tpc,Bad transport,,,,,,,,\n"            // line 6: transport at col 6
                                    "p5,6,tcp,Bad date,,,2002-13,,,,,\n"          // line 7: date at col 21
                                    "p6,7,tcp,Short row\n"                        // line 8
                                    "p7,8,tcp,\"x\"y,,,,,,,,\n"                   // line 9: after quote at col 13
                                    "p8,9,tcp,\"Multi\nline, quoted\",,,,,,,,\n"  // lines 10-11: fine
                                    "p9,10,tcp,\"never closed,,,,,,,,\n"          // line 12: quote at col 11
                                    "last,11,udp,Last,,,2002-05,,,,,\n",          // line 13
                                d);
  const std::vector<std::string> expected{
      "bad.csv:3:4: error: invalid port number '7x'",
      "bad.csv:4:4: error: port 70000 out of range 0-65535",
      "bad.csv:5:4: error: port range 9-5 is reversed",
      "bad.csv:6:6: error: unknown transport protocol 'tpc' (expected tcp, udp, sctp or dccp)",
      "bad.csv:7:21: error: invalid registration date '2002-13' (expected YYYY-MM or YYYY-MM-DD)",
      "bad.csv:8:10: error: row has 4 fields, the header has 12",
      "bad.csv:9:13: error: unexpected character after closing quote",
      "bad.csv:12:11: error: unterminated quoted field (opening quote has no closing quote)",
  };
  EXPECT_EQ(messages(d), expected);
  ASSERT_EQ(t.records.size(), 3U);
  EXPECT_EQ(t.records[0].service, "good");
  EXPECT_EQ(t.records[1].description, "Multi\nline, quoted");
  EXPECT_EQ(t.records[2].service, "last");
  EXPECT_EQ(t.records[2].line, 13U);
}

TEST(IanaCsv, MissingHeaderColumnIsAnError) {
  Diagnostics d;
  const auto t = parse_iana_csv("h.csv", "Name,Port\nx,1\n", d);
  EXPECT_TRUE(t.records.empty());
  ASSERT_GE(d.error_count(), 1U);
  EXPECT_EQ(format(d.all().front()),
            "h.csv:1:1: error: header lacks column 'Service Name' (is this IANA's "
            "service-names-port-numbers.csv?)");
}

TEST(IanaCsv, UnreadableFileIsOneError) {
  Diagnostics d;
  const auto t = load_iana_csv("/nonexistent/registry.csv", d);
  EXPECT_TRUE(t.records.empty());
  ASSERT_EQ(d.error_count(), 1U);
  EXPECT_EQ(format(d.all().front()),
            "/nonexistent/registry.csv: error: cannot read registry: No such file or directory");
}

TEST(IanaCsv, RangeContradictingASinglePortRowIsAWarning) {
  Diagnostics d;
  const auto t = load_iana_csv(GP_IANA_CSV, d);
  check_iana_overlaps(t, d);
  EXPECT_EQ(d.error_count(), 0U);
  const auto all = messages(d);
  EXPECT_TRUE(std::any_of(all.begin(), all.end(), [](const std::string& m) {
    return m.find("Unassigned range 7748-7776 contradicts") != std::string::npos &&
           m.find("inetfs 7775/tcp") != std::string::npos;
  }));
}

}  // namespace
}  // namespace gp::registry
