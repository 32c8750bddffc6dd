#include "classify/registry/services_file.hpp"

#include <gtest/gtest.h>

namespace gp::registry {
namespace {

TEST(ServicesFile, NmapServicesCarriesOpenFrequency) {
  Diagnostics d;
  const auto t = parse_services("nmap-services", ServicesFormat::nmap,
                                "# comment\n"
                                "webmail-2\t3511/tcp\t0.000076\t# WebMail/2\n"
                                "http\t80/sctp\t0.000000\n",
                                d);
  ASSERT_EQ(d.error_count(), 0U);
  ASSERT_EQ(t.entries.size(), 2U);
  EXPECT_EQ(t.entries[0].name, "webmail-2");
  EXPECT_EQ(t.entries[0].ports.first, 3511);
  EXPECT_TRUE(t.entries[0].transports.contains(Transport::tcp));
  EXPECT_DOUBLE_EQ(*t.entries[0].open_frequency, 0.000076);
  EXPECT_EQ(t.entries[0].comment, "WebMail/2");
  EXPECT_TRUE(t.entries[1].transports.contains(Transport::sctp));
}

TEST(ServicesFile, WiresharkTransportSetsAndRanges) {
  Diagnostics d;
  const auto t = parse_services("services", ServicesFormat::wireshark,
                                "semaphore\t3255/tcp/udp\t# Semaphore Connection Port\n"
                                "x11\t\t6000-6063/tcp/udp\t# X Window System\n",
                                d);
  ASSERT_EQ(d.error_count(), 0U);
  ASSERT_EQ(t.entries.size(), 2U);
  EXPECT_TRUE(t.entries[0].transports == TransportSet::tcp_udp());
  EXPECT_EQ(t.entries[1].ports, (PortRange{6000, 6063}));
}

TEST(ServicesFile, EtcServicesSkipsAppleTalkDdp) {
  Diagnostics d;
  const auto t = parse_services("services", ServicesFormat::etc_services,
                                "echo\t\t7/tcp\nrtmp\t\t1/ddp\t\t\t# Routing Table Maintenance\n", d);
  EXPECT_EQ(d.error_count(), 0U);
  EXPECT_EQ(t.entries.size(), 1U);
}

TEST(ServicesFile, ErrorsPointAtTheColumn) {
  Diagnostics d;
  const auto t = parse_services("nmap-services", ServicesFormat::nmap,
                                "a\t99999/tcp\t0.1\n"
                                "b\t5/tpc\t0.1\n"
                                "c\t6/tcp\tlots\n"
                                "d\t7/tcp\t0.5\n",
                                d);
  ASSERT_EQ(d.all().size(), 3U);
  EXPECT_EQ(format(d.all()[0]), "nmap-services:1:3: error: port 99999 out of range 0-65535");
  EXPECT_EQ(format(d.all()[1]), "nmap-services:2:5: error: unknown transport protocol 'tpc'");
  EXPECT_EQ(format(d.all()[2]),
            "nmap-services:3:9: error: invalid open-frequency 'lots' (expected a number in [0, 1])");
  ASSERT_EQ(t.entries.size(), 1U);
  EXPECT_EQ(t.entries[0].name, "d");
}

}  // namespace
}  // namespace gp::registry
