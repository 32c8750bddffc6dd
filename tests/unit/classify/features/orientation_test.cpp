// Who is the client and which port is the service's, from Zeek's roles and history letters:
// ordinary sessions, Zeek's flips, mid-stream pickups, backscatter nobody asked for, UDP
// clients on well-known source ports, and ICMP.
#include "classify/features/orientation.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "tests/unit/classify/features/flow_builder.hpp"

namespace gp {
namespace {

using test::FlowBuilder;
using test::ip;

Orientation orient_of(const FlowBuilder& b) { return orient(b.flow(), b.record()); }

void expect_client_is_orig(const Orientation& o, const FlowBuilder& b) {
  EXPECT_EQ(o.client, b.record().orig_h);
  EXPECT_EQ(o.server, b.record().resp_h);
  EXPECT_EQ(o.port, b.record().resp_p);
  EXPECT_TRUE(o.client_is_orig);
}

void expect_client_is_resp(const Orientation& o, const FlowBuilder& b) {
  EXPECT_EQ(o.client, b.record().resp_h);
  EXPECT_EQ(o.server, b.record().orig_h);
  EXPECT_EQ(o.port, b.record().orig_p);
  EXPECT_FALSE(o.client_is_orig);
}

TEST(Orientation, TcpSessionClientIsTheSynSender) {
  const auto b = test::tcp_session("10.0.0.5", 40000, "10.0.0.9", 3255, 100, 200);
  const Orientation o = orient_of(b);
  expect_client_is_orig(o, b);
  EXPECT_EQ(o.ip_proto, 6);
  EXPECT_FALSE(o.unsolicited);
}

TEST(Orientation, TcpAttemptWithoutAnswerKeepsTheSynSender) {
  const auto b = test::tcp_unanswered("198.51.100.7", 51000, "10.0.0.9", 23);
  const Orientation o = orient_of(b);
  expect_client_is_orig(o, b);
  EXPECT_FALSE(o.unsolicited);
}

TEST(Orientation, OnlyTheResponderSentASynSoItIsTheClient) {
  FlowBuilder b("10.0.0.9", 3255, "10.0.0.5", 40000);
  b.history("s").state(ConnState::OTH).pkts(0, 1);
  const Orientation o = orient_of(b);
  expect_client_is_resp(o, b);
  EXPECT_EQ(o.port, 3255);
  EXPECT_FALSE(o.unsolicited);
}

// tcp/missing-syn.pcap in Zeek's traces: the capture starts at the server's SYN-ACK; Zeek
// flips the roles ('^') so the originator is the real client, and the session goes on.
TEST(Orientation, ZeekFlipOnASynAckFirstIsAlreadyTheRightWayRound) {
  FlowBuilder b("141.42.64.125", 56730, "125.190.109.199", 80);
  b.history("^hADdFaf").state(ConnState::SF).bytes(98, 9417).pkts(11, 10);
  const Orientation o = orient_of(b);
  expect_client_is_orig(o, b);
  EXPECT_EQ(o.port, 80);
  EXPECT_FALSE(o.unsolicited);
}

// A SYN-ACK to a forged source (a spoofed SYN flood's backscatter): Zeek flips to make the
// receiver the originator; nothing follows from it, so it never asked.
TEST(Orientation, FlippedSynAckWithNothingAfterIsBackscatter) {
  FlowBuilder b("10.20.2.138", 40001, "203.0.113.134", 3511);
  b.history("^h").state(ConnState::OTH).pkts(0, 2);
  const Orientation o = orient_of(b);
  expect_client_is_orig(o, b);
  EXPECT_EQ(o.port, 3511);
  EXPECT_TRUE(o.unsolicited);
}

// A RST from a closed port to a forged source: the RST's sender is the service that was
// probed, its port is the port that matters, and its receiver never asked.
TEST(Orientation, LoneRstIsBackscatterFromItsSender) {
  FlowBuilder b("203.0.113.134", 3255, "10.20.2.139", 40002);
  b.history("R").state(ConnState::OTH).pkts(1, 0);
  const Orientation o = orient_of(b);
  expect_client_is_resp(o, b);
  EXPECT_EQ(o.server, ip("203.0.113.134"));
  EXPECT_EQ(o.port, 3255);
  EXPECT_TRUE(o.unsolicited);
}

TEST(Orientation, UnflippedSynAckFromTheOriginatorIsBackscatterToo) {
  FlowBuilder b("203.0.113.134", 3511, "10.20.2.140", 40003);
  b.history("H").state(ConnState::OTH).pkts(1, 0);
  const Orientation o = orient_of(b);
  expect_client_is_resp(o, b);
  EXPECT_EQ(o.port, 3511);
  EXPECT_TRUE(o.unsolicited);
}

TEST(Orientation, ResponderSynAckFollowedByTheClientsAckIsNotBackscatter) {
  FlowBuilder b("10.0.0.5", 40000, "10.0.0.9", 3206);
  b.history("hA").state(ConnState::OTH).pkts(1, 1);
  const Orientation o = orient_of(b);
  expect_client_is_orig(o, b);
  EXPECT_FALSE(o.unsolicited);
}

// Asymmetric routing: only the server's side is captured. Its SYN-ACK is followed by its own
// data, which it can only send on a completed handshake: a session, not backscatter.
TEST(Orientation, SynAckFollowedByItsSendersDataIsOneSidedNotBackscatter) {
  FlowBuilder flipped("10.0.0.5", 40000, "10.0.0.9", 3206);
  flipped.history("^hdf").state(ConnState::OTH).bytes(0, 900).pkts(0, 4);
  const Orientation o = orient_of(flipped);
  expect_client_is_orig(o, flipped);
  EXPECT_FALSE(o.unsolicited);
  FlowBuilder unflipped("10.0.0.9", 3206, "10.0.0.5", 40000);
  unflipped.history("HDF").state(ConnState::OTH).bytes(900, 0).pkts(4, 0);
  const Orientation u = orient_of(unflipped);
  expect_client_is_resp(u, unflipped);
  EXPECT_FALSE(u.unsolicited);
  // Retransmitted SYN-ACKs alone stay backscatter.
  FlowBuilder retries("10.0.0.5", 40000, "10.0.0.9", 3206);
  retries.history("^h").state(ConnState::OTH).pkts(0, 3);
  EXPECT_TRUE(orient_of(retries).unsolicited);
}

TEST(Orientation, MidStreamPickupTrustsZeeksRoles) {
  FlowBuilder b("10.0.0.5", 40000, "10.0.0.9", 3206);
  b.history("DdA").state(ConnState::OTH).bytes(10, 20).pkts(2, 2);
  const Orientation o = orient_of(b);
  expect_client_is_orig(o, b);
  EXPECT_FALSE(o.unsolicited);
}

// An NTP client sending from 123 to the wrong port: Zeek flips (123 is a likely server port),
// so its originator is the silent receiver. The sender started it: the service is the port
// it aimed at.
TEST(Orientation, UdpFlippedOntoASilentReceiverIsReversedBack) {
  FlowBuilder b("10.20.1.26", 3480, "10.20.2.34", 123, 17);
  b.history("^d").state(ConnState::SHR).bytes(0, 48).pkts(0, 1);
  const Orientation o = orient_of(b);
  expect_client_is_resp(o, b);
  EXPECT_EQ(o.client, ip("10.20.2.34"));
  EXPECT_EQ(o.port, 3480);
  EXPECT_FALSE(o.unsolicited);
}

TEST(Orientation, UdpFlippedWithAnAnswerKeepsZeeksRoles) {
  FlowBuilder b("192.168.1.95", 40000, "17.253.4.253", 123, 17);
  b.history("^Dd").state(ConnState::SF).bytes(48, 48).pkts(1, 1);
  const Orientation o = orient_of(b);
  expect_client_is_orig(o, b);
  EXPECT_EQ(o.port, 123);
}

TEST(Orientation, UdpQueryClientIsTheOriginator) {
  FlowBuilder b("10.0.0.5", 53000, "10.0.0.53", 53, 17);
  b.history("Dd").state(ConnState::SF).bytes(40, 120).pkts(1, 1);
  const Orientation o = orient_of(b);
  expect_client_is_orig(o, b);
  EXPECT_EQ(o.ip_proto, 17);
}

// ICMP "ports" are Zeek's: the type, and the counterpart type (echo request 8 -> reply 0)
// or the code. The service is the opening message's type, so that pings (8) and the
// time-exceeded errors of a traceroute (11, code 0) are not one "port 0".
TEST(Orientation, IcmpEchoIsKeyedByTheRequestType) {
  FlowBuilder b("10.0.0.1", 8, "74.125.225.99", 0, 1);
  b.state(ConnState::OTH).bytes(112, 112).pkts(2, 2);
  const Orientation o = orient_of(b);
  EXPECT_EQ(o.client, ip("10.0.0.1"));
  EXPECT_EQ(o.server, ip("74.125.225.99"));
  EXPECT_EQ(o.port, 8);
  EXPECT_EQ(o.ip_proto, 1);
  EXPECT_TRUE(o.client_is_orig);
}

TEST(Orientation, IcmpErrorsOfDifferentTypesAreDifferentServices) {
  FlowBuilder time_exceeded("10.0.0.1", 11, "10.0.0.7", 0, 1);
  FlowBuilder host_unreachable("10.0.0.1", 3, "10.0.0.7", 1, 1);
  FlowBuilder echo("10.0.0.7", 8, "10.0.0.1", 0, 1);
  EXPECT_EQ(orient_of(time_exceeded).port, 11);
  EXPECT_EQ(orient_of(host_unreachable).port, 3);
  EXPECT_EQ(orient_of(echo).port, 8);
}

TEST(Orientation, Icmpv6EchoIsKeyedByTheRequestType) {
  FlowBuilder b("2620:0:e00:400e::1", 128, "2001:4860:8006::63", 129, 58);
  b.state(ConnState::OTH).bytes(128, 128).pkts(4, 4);
  const Orientation o = orient_of(b);
  EXPECT_EQ(o.port, 128);
  EXPECT_EQ(o.ip_proto, 58);
  EXPECT_TRUE(o.client_is_orig);
}

// wikipedia.pcap: the capture starts after a SYN, at the server's SYN-ACK, and the client
// goes on to acknowledge and send: a connection the capture joined late, not backscatter.
TEST(Orientation, SynAckFollowedByTheReceiversDataIsAMidConnectionStartNotBackscatter) {
  FlowBuilder b("208.80.152.2", 80, "141.142.220.118", 35634);
  b.history("HadA").state(ConnState::OTH).bytes(900, 300).pkts(3, 3);
  const Orientation o = orient_of(b);
  expect_client_is_resp(o, b);
  EXPECT_EQ(o.port, 80);
  EXPECT_FALSE(o.unsolicited);
}

std::vector<std::uint8_t> dns_message(bool response) {
  // id 0x1234, flags (QR, RD[, RA]), 1 question, 1 answer (response), name "host.local"
  std::vector<std::uint8_t> m{0x12,
                              0x34,
                              static_cast<std::uint8_t>(response ? 0x81 : 0x01),
                              static_cast<std::uint8_t>(response ? 0x80 : 0x00),
                              0,
                              1,
                              0,
                              static_cast<std::uint8_t>(response ? 1 : 0),
                              0,
                              0,
                              0,
                              0};
  for (const char* label : {"host", "local"}) {
    m.push_back(static_cast<std::uint8_t>(std::strlen(label)));
    m.insert(m.end(), label, label + std::strlen(label));
  }
  m.insert(m.end(), {0, 0, 1, 0, 1});
  return m;
}

// An LLMNR response whose query is not in the capture: the responder is the server, on its
// port, whichever packet came first and whatever the port numbers say.
TEST(Orientation, DnsResponseWithoutItsQueryMakesTheSenderTheServer) {
  FlowBuilder b("10.0.0.53", 5355, "10.0.0.5", 54321, 17);
  b.history("D").state(ConnState::S0).bytes(60, 0).pkts(1, 0).orig_payload(dns_message(true));
  const Orientation o = orient_of(b);
  expect_client_is_resp(o, b);
  EXPECT_EQ(o.port, 5355);
}

TEST(Orientation, DnsQueryKeepsTheSenderAsTheClient) {
  FlowBuilder b("10.0.0.5", 54321, "10.0.0.53", 5355, 17);
  b.history("D").state(ConnState::S0).bytes(40, 0).pkts(1, 0).orig_payload(dns_message(false));
  expect_client_is_orig(orient_of(b), b);
}

TEST(Orientation, NtpServerModeReplyMakesTheSenderTheServer) {
  std::vector<std::uint8_t> reply(48, 0);
  reply[0] = (4U << 3) | 4U;  // version 4, mode 4 (server)
  reply[1] = 2;               // stratum
  reply[2] = 6;               // poll
  reply[3] = 0xEC;            // precision -20
  FlowBuilder b("10.0.0.123", 123, "10.0.0.5", 40500, 17);
  b.history("D").state(ConnState::S0).bytes(48, 0).pkts(1, 0).orig_payload(reply);
  const Orientation o = orient_of(b);
  expect_client_is_resp(o, b);
  EXPECT_EQ(o.port, 123);
}

// Mid-stream TCP (no SYN seen): a TLS ServerHello or an HTTP status line names the server.
TEST(Orientation, MidStreamTlsServerHelloNamesTheServer) {
  FlowBuilder b("10.0.0.9", 8443, "10.0.0.5", 4000);
  b.history("DdA")
      .state(ConnState::OTH)
      .bytes(1200, 300)
      .pkts(3, 3)
      .orig_payload({0x16, 0x03, 0x03, 0x00, 0x5a, 0x02, 0x00, 0x00, 0x56, 0x03, 0x03});
  const Orientation o = orient_of(b);
  expect_client_is_resp(o, b);
  EXPECT_EQ(o.port, 8443);
}

TEST(Orientation, MidStreamHttpStatusLineNamesTheServer) {
  FlowBuilder b("10.0.0.9", 8118, "10.0.0.5", 4000);
  b.history("DdA")
      .state(ConnState::OTH)
      .bytes(500, 100)
      .pkts(3, 3)
      .orig_payload(test::bytes_of("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n"));
  expect_client_is_resp(orient_of(b), b);
}

// No payload to go by: a system port facing a client's ephemeral port is the service.
TEST(Orientation, MidStreamSystemPortFacingAnEphemeralPortIsTheService) {
  FlowBuilder b("10.0.0.9", 443, "10.0.0.5", 51000);
  b.history("AD").state(ConnState::OTH).bytes(900, 0).pkts(3, 0);
  const Orientation o = orient_of(b);
  expect_client_is_resp(o, b);
  EXPECT_EQ(o.port, 443);
}

// ...unless a handshake shows who listens: an active-mode FTP data connection.
TEST(Orientation, HandshakeBeatsPortNumbers) {
  FlowBuilder b("199.233.217.249", 20, "141.142.220.235", 33582);
  b.history("ShADadFf").state(ConnState::SF).bytes(342, 0).pkts(5, 4);
  expect_client_is_orig(orient_of(b), b);
}

TEST(Orientation, OtherTransportsKeepZeeksRoles) {
  FlowBuilder b("10.0.0.5", 0, "10.0.0.9", 0, 47);  // GRE
  const Orientation o = orient_of(b);
  expect_client_is_orig(o, b);
  EXPECT_EQ(o.port, 0);
}

}  // namespace
}  // namespace gp
