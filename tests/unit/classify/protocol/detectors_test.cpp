// One behaviour per test: the smallest first payload that shows a protocol's structure, and
// the near-misses each detector must refuse.
#include <gtest/gtest.h>

#include "tests/unit/classify/protocol/payload_builder.hpp"

namespace gp {
namespace {

using test::bytes;
using test::Bytes;
using test::identify;
constexpr std::uint8_t kTcp = 6;
constexpr std::uint8_t kUdp = 17;

void expect(const ProtocolGuess& g, Protocol p, ProtocolConfidence c, std::string_view kind = {},
            std::string_view detail = {}) {
  EXPECT_EQ(to_string(g.protocol), to_string(p));
  EXPECT_EQ(to_string(g.confidence), to_string(c));
  EXPECT_EQ(g.detail_kind, kind);
  EXPECT_EQ(g.detail.view(), detail);
}

// --- TLS / DTLS / QUIC --------------------------------------------------------------------
TEST(Tls, ClientHelloWithSniNamesTheServer) {
  expect(identify(test::tls_client_hello("www.example.org")), Protocol::tls, ProtocolConfidence::strong, "sni",
         "www.example.org");
}

TEST(Tls, ClientHelloCutBy64ByteSampleIsStillStrong) {
  const Bytes hello = test::tls_client_hello("www.example.org");
  expect(identify_protocol(test::evidence(hello), kTcp), Protocol::tls, ProtocolConfidence::strong);
}

TEST(Tls, ServerHelloAloneIsTls) {
  Bytes sh{22, 3, 3, 0, 74, 2, 0, 0, 70, 3, 3};
  sh.resize(79, 0x33);
  const auto g = identify({}, sh);
  expect(g, Protocol::tls, ProtocolConfidence::strong);
  EXPECT_TRUE(g.from_server);
}

TEST(Tls, ApplicationDataMidStreamIsWeak) {
  Bytes rec{23, 3, 3, 0, 40};
  rec.resize(45, 0x5a);
  expect(identify(rec), Protocol::tls, ProtocolConfidence::weak);
}

TEST(Tls, RecordLongerThanTheProtocolAllowsIsNotTls) {
  Bytes rec{22, 3, 1, 0xff, 0xff, 1, 0, 0xff, 0xfb, 3, 3};
  rec.resize(64, 0);
  EXPECT_NE(identify(rec).protocol, Protocol::tls);
}

TEST(Tls, SniLengthsBeyondTheSampleAreNotFollowed) {
  // Every length field of the hello claims more than there is: no read past the bytes.
  Bytes hello = test::tls_client_hello("a.example");
  hello[hello.size() - 10] = 0xff;  // server_name list length
  hello[hello.size() - 11] = 0xff;
  hello[hello.size() - 8] = 0xff;  // host name length
  const auto g = identify(hello);
  EXPECT_EQ(g.protocol, Protocol::tls);
  for (std::size_t cut = 0; cut <= hello.size(); ++cut) {
    (void)identify(Bytes(hello.begin(), hello.begin() + static_cast<std::ptrdiff_t>(cut)));
  }
}

TEST(Dtls, ClientHelloOverUdp) {
  // DTLS 1.2 record (epoch 0, seq 0) + handshake header with message_seq and fragment fields.
  Bytes d{22, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 60, 1, 0, 0, 48, 0, 0, 0, 0, 0, 0, 0, 48, 0xfe, 0xfd};
  d.resize(13 + 60, 0x44);
  expect(identify(d, {}, kUdp), Protocol::dtls, ProtocolConfidence::strong);
  EXPECT_NE(identify(d, {}, kTcp).protocol, Protocol::dtls);
}

TEST(Quic, PaddedV1InitialIsStrong) {
  Bytes q{0xc3, 0, 0, 0, 1, 8, 1, 2, 3, 4, 5, 6, 7, 8, 0};
  q.resize(1200, 0);
  expect(identify(q, {}, kUdp), Protocol::quic, ProtocolConfidence::strong, "version", "v1");
}

TEST(Quic, UnpaddedInitialIsWeakAndDraftVersionsAreNamed) {
  Bytes q{0xc0, 0xff, 0, 0, 29, 8, 1, 2, 3, 4, 5, 6, 7, 8, 0};
  q.resize(300, 0);
  expect(identify(q, {}, kUdp), Protocol::quic, ProtocolConfidence::weak, "version", "draft-29");
  EXPECT_NE(identify(q, {}, kTcp).protocol, Protocol::quic);
}

// --- HTTP / SIP -----------------------------------------------------------------------------
TEST(Http, RequestNamesMethodAndHost) {
  expect(identify(bytes("GET /index.html HTTP/1.1\r\nHost: www.example.com\r\n\r\n")), Protocol::http,
         ProtocolConfidence::strong, "request", "GET www.example.com");
}

TEST(Http, RequestWithoutHostInTheSampleNamesTheTarget) {
  expect(identify(bytes("POST /upload HTTP/1.0\r\n")), Protocol::http, ProtocolConfidence::strong, "request",
         "POST /upload");
}

TEST(Http, StatusLineFromTheServer) {
  const auto g = identify(bytes("\x16\x03"), bytes("HTTP/1.1 404 Not Found\r\n"));
  expect(g, Protocol::http, ProtocolConfidence::strong, "status", "404");
  EXPECT_TRUE(g.from_server);
}

TEST(Http, MethodWithoutTargetShapeIsNotHttp) {
  EXPECT_EQ(identify(bytes("GET lost")).protocol, Protocol::unknown);
  EXPECT_EQ(identify(bytes("GETTING /x HTTP/1.1\r\n")).protocol, Protocol::unknown);
}

TEST(Sip, InviteIsSipNotHttp) {
  expect(identify(bytes("INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP x\r\n"), {}, kUdp), Protocol::sip,
         ProtocolConfidence::strong, "request", "INVITE sip:bob@example.com");
}

TEST(Sip, OptionsToASipUriIsSip) {
  EXPECT_EQ(identify(bytes("OPTIONS sip:100@10.0.0.1 SIP/2.0\r\n"), {}, kUdp).protocol, Protocol::sip);
  EXPECT_EQ(identify(bytes("OPTIONS * HTTP/1.1\r\n")).protocol, Protocol::http);
}

TEST(Sip, StatusLine) {
  expect(identify({}, bytes("SIP/2.0 200 OK\r\n"), kUdp), Protocol::sip, ProtocolConfidence::strong, "status", "200");
}

// --- SSH / telnet / RDP / SMB ---------------------------------------------------------------
TEST(Ssh, ClientBannerNamesSoftware) {
  expect(identify(bytes("SSH-2.0-OpenSSH_9.6p1 Debian-4\r\n")), Protocol::ssh, ProtocolConfidence::strong, "software",
         "OpenSSH_9.6p1 Debian-4");
}

TEST(Ssh, ServerBannerAfterOtherLines) {
  // RFC 4253 §4.2 lets the server send lines before its identification string.
  const auto g = identify({}, bytes("Welcome\r\nSSH-1.99-Cisco-1.25\r\n"));
  expect(g, Protocol::ssh, ProtocolConfidence::strong, "software", "Cisco-1.25");
}

TEST(Telnet, TwoNegotiationsAreStrongOneIsWeak) {
  EXPECT_EQ(identify({}, Bytes{255, 253, 24, 255, 253, 32}).confidence, ProtocolConfidence::strong);
  expect(identify({}, Bytes{255, 253, 24}), Protocol::telnet, ProtocolConfidence::weak);
  EXPECT_EQ(identify(Bytes{255, 255, 255, 255}).protocol, Protocol::unknown);  // IAC IAC is data
}

TEST(Rdp, ConnectionRequestWithCookie) {
  const std::string cr = std::string("\x03\x00\x00\x2b\x26\xe0\x00\x00\x00\x00\x00", 11) +
                         "Cookie: mstshash=alice\r\n" + std::string("\x01\x00\x08\x00\x03\x00\x00\x00", 8);
  expect(identify(bytes(cr)), Protocol::rdp, ProtocolConfidence::strong, "cookie", "mstshash=alice");
}

TEST(Rdp, IsoTsapConnectionRequestOfS7IsNotRdp) {
  // TPKT + X.224 CR carrying TSAP parameters (0xC1/0xC2/0xC0), as Siemens S7comm sends.
  const Bytes s7{3, 0, 0, 22, 17, 0xe0, 0, 0, 0, 1, 0, 0xc1, 2, 1, 0, 0xc2, 2, 1, 2, 0xc0, 1, 9};
  EXPECT_NE(identify(s7).protocol, Protocol::rdp);
}

TEST(Smb, Smb2OverDirectTcp) {
  Bytes m{0, 0, 0, 64, 0xfe, 'S', 'M', 'B'};
  m.resize(68, 0);
  expect(identify(m), Protocol::smb, ProtocolConfidence::strong, "dialect", "SMB2");
}

TEST(Smb, LengthThatDisagreesWithTheSegmentIsNotSmb) {
  Bytes m{0, 0, 0, 10, 0xff, 'S', 'M', 'B'};
  m.resize(68, 0);
  EXPECT_NE(identify(m).protocol, Protocol::smb);
}

// --- proxies and tunnels --------------------------------------------------------------------
TEST(Socks, Socks4ConnectWithUserId) {
  expect(identify(Bytes{4, 1, 0, 80, 10, 0, 0, 1, 'b', 'o', 'b', 0}), Protocol::socks4, ProtocolConfidence::strong);
}

TEST(Socks, Socks4aNamesTheHost) {
  Bytes r{4, 1, 1, 187, 0, 0, 0, 1, 0};
  for (const char c : std::string_view("example.com")) r.push_back(static_cast<std::uint8_t>(c));
  r.push_back(0);
  expect(identify(r), Protocol::socks4, ProtocolConfidence::strong, "target", "example.com");
}

TEST(Socks, Socks5GreetingAnsweredIsStrongAloneWeak) {
  expect(identify(Bytes{5, 2, 0, 2}, Bytes{5, 0}), Protocol::socks5, ProtocolConfidence::strong);
  expect(identify(Bytes{5, 1, 0}), Protocol::socks5, ProtocolConfidence::weak);
  EXPECT_NE(identify(Bytes{5, 3, 0, 2}).protocol, Protocol::socks5);  // promises 3 methods, has 2
}

TEST(OpenVpn, HardResetPairOverUdp) {
  Bytes c{0x38, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0};
  Bytes s{0x40, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0};
  expect(identify(c, s, kUdp), Protocol::openvpn, ProtocolConfidence::strong);
  expect(identify(c, {}, kUdp), Protocol::openvpn, ProtocolConfidence::weak);
}

TEST(OpenVpn, VxlanHeaderIsNotAHardReset) {
  Bytes v{0x08, 0, 0, 0, 0, 0, 1, 0, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55};
  v.resize(64, 0x66);
  EXPECT_NE(identify(v, {}, kUdp).protocol, Protocol::openvpn);
}

// --- databases and brokers ------------------------------------------------------------------
TEST(Mqtt, Connect311NamesClientId) {
  const Bytes c{0x10, 20, 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 60, 0, 8, 's', 'e', 'n', 's', 'o', 'r', '-', '1'};
  expect(identify(c), Protocol::mqtt, ProtocolConfidence::strong, "client_id", "sensor-1");
}

TEST(Mqtt, Connect5SkipsProperties) {
  const Bytes c{0x10, 21, 0, 4, 'M', 'Q', 'T', 'T', 5, 2, 0, 60, 3, 0x21, 0, 10, 0, 3, 'a', 'b', 'c', 0, 0};
  expect(identify(c), Protocol::mqtt, ProtocolConfidence::strong, "client_id", "abc");
}

TEST(Redis, RespArrayNamesTheCommand) {
  expect(identify(bytes("*2\r\n$4\r\nAUTH\r\n$6\r\nsecret\r\n")), Protocol::redis, ProtocolConfidence::strong,
         "command", "AUTH");
}

TEST(PostgreSql, SslRequestAndStartupNamingUser) {
  expect(identify(Bytes{0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f}), Protocol::postgresql, ProtocolConfidence::strong);
  Bytes s{0, 0, 0, 0, 0, 3, 0, 0};
  for (const char c : std::string_view("user\0app\0database\0db\0\0", 23)) s.push_back(static_cast<std::uint8_t>(c));
  s[3] = static_cast<std::uint8_t>(s.size());
  expect(identify(s), Protocol::postgresql, ProtocolConfidence::strong, "user", "app");
}

TEST(MySql, GreetingNamesServerVersion) {
  Bytes g{0, 0, 0, 0, 10};
  for (const char c : std::string_view("8.0.36\0", 7)) g.push_back(static_cast<std::uint8_t>(c));
  g.insert(g.end(), {1, 0, 0, 0});  // connection id
  g.insert(g.end(), 8, 'x');        // auth data part 1
  g.push_back(0);                   // filler
  g.resize(60, 0);
  g[0] = static_cast<std::uint8_t>(g.size() - 4);
  const auto r = identify({}, g);
  expect(r, Protocol::mysql, ProtocolConfidence::strong, "version", "8.0.36");
  EXPECT_TRUE(r.from_server);
}

// --- DNS / NTP / syslog ---------------------------------------------------------------------
Bytes dns_query(std::string_view flags_and_counts) {
  Bytes q{0x12, 0x34};
  q.insert(q.end(), flags_and_counts.begin(), flags_and_counts.end());
  for (const char c : std::string_view("\3www\7example\3com\0\0\1\0\1", 21)) q.push_back(static_cast<std::uint8_t>(c));
  return q;
}

TEST(Dns, QueryOverUdpNamesTheQuestion) {
  expect(identify(dns_query(std::string_view("\1\0\0\1\0\0\0\0\0\0", 10)), {}, kUdp), Protocol::dns,
         ProtocolConfidence::strong, "query", "www.example.com");
}

TEST(Dns, QueryOverTcpHasALengthPrefix) {
  Bytes q = dns_query(std::string_view("\1\0\0\1\0\0\0\0\0\0", 10));
  Bytes t{0, static_cast<std::uint8_t>(q.size())};
  t.insert(t.end(), q.begin(), q.end());
  EXPECT_EQ(identify(t, {}, kTcp).protocol, Protocol::dns);
  EXPECT_NE(identify(q, {}, kTcp).protocol, Protocol::dns);
}

TEST(Dns, ReservedOpcodeOrZBitIsNotDns) {
  EXPECT_NE(identify(dns_query(std::string_view("\x19\0\0\1\0\0\0\0\0\0", 10)), {}, kUdp).protocol, Protocol::dns);
  EXPECT_NE(identify(dns_query(std::string_view("\1\x40\0\1\0\0\0\0\0\0", 10)), {}, kUdp).protocol, Protocol::dns);
}

// Issue 26 item 7: an NXDOMAIN answer whose ID starts 0x10 or 0x40 (OpenVPN hard-reset
// opcodes) with a name that is not a hostname parses completely as DNS: DNS, not OpenVPN.
TEST(Dns, NxdomainWithAResetLikeIdIsDnsNotOpenVpn) {
  for (const std::uint8_t id : {std::uint8_t{0x10}, std::uint8_t{0x40}}) {
    Bytes r{id, 0x99, 0x81, 0x83, 0, 1, 0, 0, 0, 0, 0, 0, 3, 'w', 0x01, 'w', 0, 0, 1, 0, 1};
    EXPECT_EQ(identify({}, r, kUdp).protocol, Protocol::dns) << int{id};
  }
}

TEST(Dns, NetbiosNameServiceIsNotDns) {
  Bytes q{0x80, 0x01, 0x01, 0x10, 0, 1, 0, 0, 0, 0, 0, 0, 32};
  q.insert(q.end(), 32, 'A');
  q.insert(q.end(), {0, 0, 0x20, 0, 1});
  EXPECT_NE(identify(q, {}, kUdp).protocol, Protocol::dns);
}

TEST(Ntp, ClientRequestAndServerReply) {
  Bytes c(48, 0);
  c[0] = 0xe3;  // LI 3, version 4, mode 3
  Bytes s(48, 0);
  s[0] = 0x24;  // version 4, mode 4
  s[1] = 2;
  expect(identify(c, s, kUdp), Protocol::ntp, ProtocolConfidence::strong);
  EXPECT_NE(identify(c, s, kTcp).protocol, Protocol::ntp);
  c.push_back(0);  // 49 bytes: not header + 4-byte words
  EXPECT_NE(identify(c, {}, kUdp).protocol, Protocol::ntp);
}

TEST(Syslog, Rfc5424AndRfc3164NameFacilityAndSeverity) {
  expect(identify(bytes("<34>1 2003-10-11T22:14:15.003Z host su - ID47 - msg"), {}, kUdp), Protocol::syslog,
         ProtocolConfidence::strong, "priority", "auth.crit");
  expect(identify(bytes("<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!"), {}, kUdp), Protocol::syslog,
         ProtocolConfidence::strong, "priority", "user.notice");
  EXPECT_NE(identify(bytes("<192>1 x"), {}, kUdp).protocol, Protocol::syslog);
  EXPECT_NE(identify(bytes("<013>1 x"), {}, kUdp).protocol, Protocol::syslog);
}

TEST(Syslog, OctetCountedOverTcp) {
  EXPECT_EQ(identify(bytes("61 <165>1 2003-10-11T22:14:15.003Z mymachine app - - msg")).protocol, Protocol::syslog);
}

// --- mail, FTP, IRC -------------------------------------------------------------------------
TEST(Mail, SmtpBannerAndEhlo) {
  const auto g = identify(bytes("EHLO client.example\r\n"), bytes("220 mx.example.org ESMTP Postfix\r\n"));
  expect(g, Protocol::smtp, ProtocolConfidence::strong, "banner", "mx.example.org ESMTP Postfix");
}

TEST(Mail, The220GreetingIsSettledByTheClientsCommand) {
  EXPECT_EQ(identify(bytes("USER anonymous\r\n"), bytes("220 Welcome\r\n")).protocol, Protocol::ftp);
  EXPECT_EQ(identify(bytes("HELO x\r\n"), bytes("220 Welcome\r\n")).protocol, Protocol::smtp);
  expect(identify({}, bytes("220 Welcome\r\n")), Protocol::ftp, ProtocolConfidence::weak, "banner", "Welcome");
  EXPECT_EQ(identify({}, bytes("220-ProFTPD Server\r\n")).confidence, ProtocolConfidence::strong);
}

TEST(Mail, Pop3AndImapBanners) {
  EXPECT_EQ(identify(bytes("CAPA\r\n"), bytes("+OK Dovecot ready.\r\n")).protocol, Protocol::pop3);
  EXPECT_EQ(identify(bytes("a1 CAPABILITY\r\n"), bytes("* OK [CAPABILITY IMAP4rev1] ready\r\n")).protocol,
            Protocol::imap);
  expect(identify(bytes("a001 LOGIN bob secret\r\n")), Protocol::imap, ProtocolConfidence::strong, "command", "a001");
}

TEST(Mail, BareOkIsNoPop3Greeting) {  // Redis's "+OK\r\n" answer to SET
  EXPECT_NE(identify(bytes("*3\r\n$3\r\nset\r\n"), bytes("+OK\r\n")).protocol, Protocol::pop3);
  EXPECT_NE(identify({}, bytes("+OK\r\n")).protocol, Protocol::pop3);
}

// --- a shell over a bare connection ------------------------------------------------------
TEST(Shell, OutputOfIdOrUnameIsDecisive) {
  expect(identify(bytes("uid=0(root) gid=0(root) groups=0(root)\n"), bytes("id\n")), Protocol::shell,
         ProtocolConfidence::strong, "output", "uid=0(root) gid=0(root) groups=0(root)");
  EXPECT_EQ(identify({}, bytes("uid=1000(alice) gid=1000(alice)\n")).protocol, Protocol::shell);
  EXPECT_EQ(identify({}, bytes("Linux web01 6.1.0-28-amd64 #1 SMP Debian 6.1.119-1 x86_64 GNU/Linux\n")).protocol,
            Protocol::shell);
}

TEST(Shell, ABareReconCommandLineIsWeakEvidence) {
  expect(identify(bytes("whoami\n")), Protocol::shell, ProtocolConfidence::weak, "command", "whoami");
  EXPECT_EQ(identify(bytes("uname -a\n")).protocol, Protocol::shell);
}

TEST(Shell, OtherTextIsNoShell) {
  EXPECT_NE(identify(bytes("identify me\n")).protocol, Protocol::shell);  // a word, not the command
  EXPECT_NE(identify(bytes("ls\nmore\n")).protocol, Protocol::shell);     // more than one line
  EXPECT_NE(identify(bytes("LIST\r\n")).protocol, Protocol::shell);       // FTP
  EXPECT_NE(identify(bytes("uid=abc\n")).protocol, Protocol::shell);
  EXPECT_NE(identify(bytes("Linux is great\n")).protocol, Protocol::shell);
}

TEST(Irc, RegistrationNamesTheNick) {
  expect(identify(bytes("NICK zeek\r\nUSER zeek 0 * :Zeek\r\n")), Protocol::irc, ProtocolConfidence::strong, "nick",
         "zeek");
  EXPECT_EQ(identify(bytes("USER zeek 0 * :Zeek IRC\r\n")).protocol, Protocol::irc);
  EXPECT_EQ(identify({}, bytes(":irc.example.net NOTICE * :*** Looking up your hostname\r\n")).protocol, Protocol::irc);
}

// --- hostile input --------------------------------------------------------------------------
TEST(Hostile, NoPayloadIsNoneAndUncapturedPayloadIsUnknown) {
  EXPECT_EQ(identify({}, {}).protocol, Protocol::none);
  FlowEvidence e;
  e.first_payload[0].length = 1460;  // payload seen, none of it captured
  EXPECT_EQ(identify_protocol(e, kTcp).protocol, Protocol::unknown);
}

TEST(Hostile, EverySingleByteIsHandled) {
  for (unsigned b = 0; b < 256; ++b) {
    for (const std::uint8_t proto : {kTcp, kUdp, std::uint8_t{1}}) {
      const Bytes one{static_cast<std::uint8_t>(b)};
      const auto g = identify(one, one, proto);
      EXPECT_NE(g.confidence, ProtocolConfidence::strong) << "byte " << b;
    }
  }
}

TEST(Hostile, AllOnesAndAllZerosAreUnknown) {
  for (const std::uint8_t fill : {std::uint8_t{0xff}, std::uint8_t{0}}) {
    for (std::size_t n = 1; n <= 64; ++n) {
      const Bytes b(n, fill);
      EXPECT_EQ(identify(b, b, kTcp).protocol, Protocol::unknown) << n;
      EXPECT_EQ(identify(b, b, kUdp).protocol, Protocol::unknown) << n;
    }
  }
}

TEST(Hostile, TruncatedTlsLengthsAreBounded) {
  // Record and handshake headers that promise more than is there, at every cut.
  const Bytes full = test::tls_client_hello("host.example");
  for (std::size_t n = 0; n <= full.size(); ++n) {
    Bytes cut(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
    (void)identify(cut);
    (void)identify_protocol(test::evidence(cut), kTcp);
  }
  const Bytes lies{22, 3, 1, 0x40, 0x00, 1, 0xff, 0xff, 0xff, 3, 3, 0};  // 16 KiB record, 16 MiB hello
  EXPECT_EQ(identify_protocol(test::evidence(lies), kTcp).protocol, Protocol::tls);
}

TEST(Hostile, RandomBytesNeverReadOutOfBounds) {
  // Deterministic xorshift; ASan/UBSan builds are the real check.
  std::uint32_t x = 2463534242U;
  auto next = [&x] {
    x ^= x << 13U;
    x ^= x >> 17U;
    x ^= x << 5U;
    return x;
  };
  int strong = 0;
  for (int i = 0; i < 20000; ++i) {
    Bytes c(next() % 80);
    Bytes s(next() % 80);
    for (auto& b : c) b = static_cast<std::uint8_t>(next());
    for (auto& b : s) b = static_cast<std::uint8_t>(next());
    const auto g = identify(c, s, (next() & 1U) != 0 ? kTcp : kUdp);
    strong += g.confidence == ProtocolConfidence::strong ? 1 : 0;
  }
  EXPECT_LT(strong, 20) << "random bytes should almost never look like a protocol";
}

TEST(DetailText, KeepsPrintableAsciiAndCutsAtCapacity) {
  DetailText t;
  t.append(
      std::string_view("a\tb\x01\xff"
                       "c",
                       6));
  EXPECT_EQ(t.view(), "a.b..c");
  for (int i = 0; i < 50; ++i) t.append("xyz");
  EXPECT_EQ(t.view().size(), DetailText::kCapacity);
}

}  // namespace
}  // namespace gp
