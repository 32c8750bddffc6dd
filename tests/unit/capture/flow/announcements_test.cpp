#include "capture/flow/announcements.hpp"

#include <gtest/gtest.h>

#include <string_view>

namespace gp {
namespace {

std::span<const std::uint8_t> bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::uint16_t port_of(std::string_view line) {
  const auto a = parse_ftp_announcement(bytes(line));
  return a ? a->port : 0;
}

TEST(FtpAnnouncement, PortCommandRfc959) {
  EXPECT_EQ(port_of("PORT 141,142,220,235,131,46\r\n"), 33582);  // 131*256+46
  EXPECT_EQ(port_of("port 10,0,0,1,4,1\r\n"), 1025);             // commands are case-insensitive
  EXPECT_EQ(parse_ftp_announcement(bytes("PORT 10,0,0,1,4,1\r\n"))->verb, "PORT");
}

TEST(FtpAnnouncement, PassiveReplyWithOrWithoutParentheses) {
  EXPECT_EQ(port_of("227 Entering Passive Mode (199,233,217,249,221,90)\r\n"), 56666);
  EXPECT_EQ(port_of("227 Entering Passive Mode. 10,1,2,3,200,10\r\n"), 51210);
}

TEST(FtpAnnouncement, ExtendedCommandsRfc2428) {
  EXPECT_EQ(port_of("EPRT |1|132.235.1.2|6275|\r\n"), 6275);
  EXPECT_EQ(port_of("EPRT |2|1080::8:800:200C:417A|5282|\r\n"), 5282);
  EXPECT_EQ(port_of("229 Entering Extended Passive Mode (|||6446|)\r\n"), 6446);
  EXPECT_EQ(port_of("229 Entering Extended Passive Mode (!!!6446!)\r\n"), 6446);  // any delimiter
}

TEST(FtpAnnouncement, MalformedOrOutOfRangeAnnouncesNothing) {
  EXPECT_EQ(port_of("PORT 10,0,0,1,256,1\r\n"), 0);         // a byte over 255
  EXPECT_EQ(port_of("PORT 10,0,0,1,0,0\r\n"), 0);           // port 0
  EXPECT_EQ(port_of("PORT 10,0,0,1,4\r\n"), 0);             // five numbers
  EXPECT_EQ(port_of("PORT 10,0,0,1,4,1234\r\n"), 0);        // four digits
  EXPECT_EQ(port_of("EPRT |1|132.235.1.2|70000|\r\n"), 0);  // over 65535
  EXPECT_EQ(port_of("EPRT |1||6275|\r\n"), 0);              // EPRT needs an address
  EXPECT_EQ(port_of("229 Entering Extended Passive Mode (|||6446)\r\n"), 0);
  EXPECT_EQ(port_of("230 Login successful.\r\n"), 0);
  EXPECT_EQ(port_of("RETR PORT 10,0,0,1,4,1\r\n"), 0);  // only at the start of the line
  EXPECT_EQ(port_of(""), 0);
  EXPECT_EQ(port_of("PORT "), 0);  // cut by the snaplen
}

TEST(FtpAnnouncement, OnlyTheFirstLineCounts) {
  EXPECT_EQ(port_of("200 OK\r\n227 Entering Passive Mode (10,0,0,1,4,1)\r\n"), 0);
}

TEST(FtpControl, Port21OrAnFtpGreeting) {
  EXPECT_TRUE(is_ftp_control(50003, 21, {}));
  EXPECT_TRUE(is_ftp_control(40000, 2121, bytes("220 ProFTPD 1.3.5 Server (Debian)\r\n")));
  EXPECT_FALSE(is_ftp_control(40000, 2525, bytes("220 mail.example.org ESMTP Postfix\r\n")));
  EXPECT_FALSE(is_ftp_control(40000, 8080, {}));
}

TEST(Announcements, ExactRingThenRangeOnceOverflowed) {
  Announcements a;
  a.add(false, 50000, "227");  // the responder (server) listens on 50000
  EXPECT_TRUE(a.covers(false, 50000));
  EXPECT_FALSE(a.covers(true, 50000));   // not the originator's port
  EXPECT_FALSE(a.covers(false, 50001));  // exact while the ring holds everything
  for (std::uint16_t p = 50001; p < 50001 + Announcements::kExact; ++p) a.add(false, p, "227");
  EXPECT_TRUE(a.overflowed());
  EXPECT_TRUE(a.covers(false, 50000));   // overwritten in the ring, inside the range
  EXPECT_FALSE(a.covers(false, 49999));  // outside it
  EXPECT_FALSE(a.covers(true, 50003));   // the other side announced nothing
  EXPECT_EQ(a.verb_of(false, 50000), "227");
  EXPECT_EQ(a.verb_of(false, 49999), "");
}

TEST(Announcements, EachPortKeepsTheVerbThatAnnouncedIt) {
  Announcements a;
  a.add(false, 56666, "227");
  a.add(true, 33582, "PORT");
  EXPECT_EQ(a.verb_of(false, 56666), "227");
  EXPECT_EQ(a.verb_of(true, 33582), "PORT");
}

// A control connection that announced more than 65,535 ports (a client listing directories for
// days): the count still changes with each announcement, which is how the flow table tells a
// new one (ghostport live judges its data connection then), and the ring keeps its last
// kExact exactly, each with its own verb rather than the side's latest.
TEST(Announcements, PastTheCountsRangeTheRingGoesOn) {
  Announcements a;
  for (std::uint32_t i = 0; i < 70'000; ++i) a.add(false, static_cast<std::uint16_t>(20000 + i % 1000), "227");
  for (std::uint16_t p = 1; p <= Announcements::kExact; ++p) {
    const std::uint16_t before = a.total;
    a.add(false, p, p == 1 ? "229" : "227");
    EXPECT_NE(a.total, before) << "announcement " << p;
  }
  EXPECT_TRUE(a.overflowed());
  EXPECT_EQ(a.verb_of(false, 1), "229");  // kept exactly: the range would say the latest, 227
  for (std::uint16_t p = 2; p <= Announcements::kExact; ++p) EXPECT_EQ(a.verb_of(false, p), "227") << p;
  EXPECT_EQ(a.verb_of(false, 20500), "227");  // an older one, inside the side's range
}

TEST(Announcements, FlipSwapsTheSides) {
  Announcements a;
  a.add(true, 33582, "PORT");
  a.flip();
  EXPECT_TRUE(a.covers(false, 33582));
  EXPECT_FALSE(a.covers(true, 33582));
}

}  // namespace
}  // namespace gp
