// Who is the client and which port is the service's, from Zeek's roles and history letters:
// ordinary sessions, Zeek's flips, mid-stream pickups, backscatter nobody asked for, UDP
// clients on well-known source ports, and ICMP.
#include "classify/features/orientation.hpp"

#include <gtest/gtest.h>

#include "tests/unit/features/flow_builder.hpp"

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

TEST(Orientation, OtherTransportsKeepZeeksRoles) {
  FlowBuilder b("10.0.0.5", 0, "10.0.0.9", 0, 47);  // GRE
  const Orientation o = orient_of(b);
  expect_client_is_orig(o, b);
  EXPECT_EQ(o.port, 0);
}

}  // namespace
}  // namespace gp
