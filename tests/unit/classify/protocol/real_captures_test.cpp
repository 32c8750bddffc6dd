// Real first payloads: flows of the shared nDPI and Zeek captures, run through the whole
// capture pass, and the protocol (and detail) we must name for each — several of them on
// the wrong port, which is the point.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/unit/classify/protocol/capture_flows.hpp"

namespace gp {
namespace {

struct Case {
  const char* capture;
  std::uint16_t resp_port;
  std::uint8_t ip_proto;
  Protocol protocol;
  const char* detail_kind;
  const char* detail;
  bool standard_port;
};

class RealCapture : public ::testing::TestWithParam<Case> {};

TEST_P(RealCapture, NamesTheProtocolOfTheFlow) {
  const Case& c = GetParam();
  if (!std::filesystem::exists(std::string(GP_TEST_DATA_DIR) + "/external/" + c.capture)) {
    GTEST_SKIP() << c.capture << " not present";
  }
  const auto flows = test::identify_trace(c.capture);
  const test::IdentifiedFlow* f = test::flow_to_port(flows, c.resp_port, c.ip_proto);
  ASSERT_NE(f, nullptr) << "no flow to port " << c.resp_port;
  EXPECT_EQ(to_string(f->guess.protocol), to_string(c.protocol));
  EXPECT_EQ(f->guess.confidence, ProtocolConfidence::strong);
  EXPECT_EQ(f->guess.detail_kind, c.detail_kind);
  EXPECT_EQ(f->guess.detail.view(), c.detail);
  EXPECT_EQ(protocol_standard_port(f->guess.protocol, c.resp_port, c.ip_proto), c.standard_port);
}

constexpr std::uint8_t kTcp = 6;
constexpr std::uint8_t kUdp = 17;

INSTANTIATE_TEST_SUITE_P(
    Shared, RealCapture,
    ::testing::Values(
        // nDPI's "Known Proto on Non Std Port": OpenSSH on 8000.
        Case{"ndpi/ssh.pcap", 8000, kTcp, Protocol::ssh, "software", "OpenSSH_8.2p1 Ubuntu-4ubuntu0.11", false},
        Case{"ndpi/ssh.pcap", 22, kTcp, Protocol::ssh, "software", "OpenSSH_5.6", true},
        Case{"ndpi/malware.pcap", 53, kUdp, Protocol::dns, "query", "www.internetbadguys.com", true},
        Case{"ndpi/malware.pcap", 80, kTcp, Protocol::http, "request", "GET www.internetbadguys.com", true},
        Case{"ndpi/malware.pcap", 443, kTcp, Protocol::tls, "", "", true},
        Case{"ndpi/emotet.pcap", 587, kTcp, Protocol::smtp, "banner",
             "opmta1mto02nd1 smtp.orange.fr ESMTP server ready", true},
        Case{"ndpi/rdp.pcap", 3389, kTcp, Protocol::rdp, "", "", true},
        Case{"ndpi/rdp_over_tls.pcap", 3389, kTcp, Protocol::rdp, "cookie", "mstshash=WDeployAd", true},
        Case{"ndpi/openvpn-tlscrypt.pcap", 1194, kUdp, Protocol::openvpn, "", "", true},
        Case{"ndpi/telnet.pcap", 23, kTcp, Protocol::telnet, "", "", true},
        Case{"ndpi/http_on_sip_port.pcap", 8888, kTcp, Protocol::http, "request",
             "GET /star-123456/index.m3u8?token=89b198b8844824ca15b8b379c26fc1", true},
        Case{"ndpi/dns_fragmented.pcap", 53, kTcp, Protocol::dns, "query", "weberlab.de", true},
        // Zeek's "HTTP on port 22" and a Redis server on an unregistered port.
        Case{"zeek/http/http-single-conn-22.pcap", 22, kTcp, Protocol::http, "request", "GET /", false},
        Case{"zeek/redis/django-cloud.pcapng", 10625, kTcp, Protocol::redis, "command", "GET", false},
        Case{"zeek/http/connect-with-smtp.pcap", 8240, kTcp, Protocol::http, "request",
             "CONNECT mailin03.sul.t-online.de:25", false},
        Case{"zeek/ftp/ipv4.pcap", 21, kTcp, Protocol::ftp, "banner",
             "ftp.NetBSD.org FTP server (NetBSD-ftpd 20100320) ready.", true},
        Case{"zeek/pop3/pop3.pcap", 110, kTcp, Protocol::pop3, "banner",
             "POP server ready H mimap4 0MHoUr-1VDxRD3Ui5-003eq2", true},
        Case{"zeek/tls/imap-starttls.pcap", 143, kTcp, Protocol::imap, "banner",
             "OK [CAPABILITY IMAP4rev1 CHILDREN ENABLE ID IDLE LIST-EXTENDED", true},
        Case{"zeek/smtp.pcap", 25, kTcp, Protocol::smtp, "banner",
             "xc90.websitewelcome.com ESMTP Exim 4.69 #1 Mon, 05 Oct 2009 ", true},
        Case{"zeek/irc-dcc-send.pcapng", 6667, kTcp, Protocol::irc, "", "", true},
        Case{"zeek/mysql/encrypted.pcap", 3306, kTcp, Protocol::mysql, "version",
             "5.5.5-10.0.36-MariaDB-0ubuntu0.16.04.1", true},
        Case{"zeek/ntp/misordered-ntp.pcap", 123, kUdp, Protocol::ntp, "", "", true},
        Case{"zeek/ppp/quic-interop-retry.pcap", 443, kUdp, Protocol::quic, "version", "v1", true}));

TEST(RealCaptureModbus, ScannersOnPort502SpeakRdpTlsAndHttp) {
  const auto flows = test::identify_trace("zeek/modbus/modbus-and-non-modbus-p502.pcap");
  int rdp = 0;
  int tls = 0;
  int http = 0;
  for (const auto& f : flows) {
    if (f.resp_p != 502) continue;
    rdp += f.guess.protocol == Protocol::rdp ? 1 : 0;
    tls += f.guess.protocol == Protocol::tls ? 1 : 0;
    http += f.guess.protocol == Protocol::http ? 1 : 0;
    // Modbus/TCP itself is outside the vocabulary: never forced into a known name.
    if (f.evidence.first_payload[0].size >= 8 && f.evidence.first_payload[0].bytes[2] == 0 &&
        f.evidence.first_payload[0].bytes[3] == 0 && f.evidence.first_payload[0].bytes[5] == 6) {
      EXPECT_EQ(f.guess.protocol, Protocol::unknown);
    }
  }
  EXPECT_EQ(rdp, 1);
  EXPECT_EQ(tls, 1);
  EXPECT_EQ(http, 1);
}

}  // namespace
}  // namespace gp
