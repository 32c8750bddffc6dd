// Each conn_state / history rule on the smallest real packet sequence that shows it, from
// Zeek's own test traces (tests/data/external/zeek). Expected values are Zeek's.
#include <gtest/gtest.h>

#include "tests/unit/capture/pipeline/trace_runner.hpp"

namespace gp {
namespace {

ConnRecord only_record(const std::string& trace) {
  const test::TraceResult r = test::run_trace("zeek/" + trace);
  EXPECT_EQ(r.records.size(), 1U) << trace;
  return r.records.empty() ? ConnRecord{} : r.records.front();
}

}  // namespace

TEST(RealTraces, LoneSynIsS0) {
  const ConnRecord c = only_record("tcp/syn.pcap");
  EXPECT_EQ(c.state, ConnState::S0);
  EXPECT_EQ(c.history, "S");
  EXPECT_EQ(c.orig_pkts, 1U);
  EXPECT_EQ(c.orig_ip_bytes, 64U);
  EXPECT_EQ(c.duration(), 0);
}

TEST(RealTraces, SynAndSynAckIsS1) {
  const ConnRecord c = only_record("tcp/syn-synack.pcap");
  EXPECT_EQ(c.state, ConnState::S1);
  EXPECT_EQ(c.history, "Sh");
  EXPECT_EQ(c.resp_ip_bytes, 60U);
}

TEST(RealTraces, SynThenOriginatorRstIsRSTOS0) {
  const ConnRecord c = only_record("tcp/syn-then-rst.pcap");
  EXPECT_EQ(c.state, ConnState::RSTOS0);
  EXPECT_EQ(c.history, "SR");
}

TEST(RealTraces, SynAckOfBareAckThenRstIsRSTOS0) {
  const ConnRecord c = only_record("tcp/syn-then-ack-then-rst.pcap");
  EXPECT_EQ(c.state, ConnState::RSTOS0);
  EXPECT_EQ(c.history, "SaR");
}

TEST(RealTraces, FinBeforeRstIsNotRSTOS0) {
  // 'F' is excluded by Zeek's /^?S[^HAFGIQ]*R.*/ so the flow falls through to OTH.
  const ConnRecord c = only_record("tcp/syn-then-stuff-then-rst.pcap");
  EXPECT_EQ(c.state, ConnState::OTH);
  EXPECT_EQ(c.history, "SaFR");
}

TEST(RealTraces, LoneRstIsOTH) {
  const ConnRecord c = only_record("tcp/single-rst.pcap");
  EXPECT_EQ(c.state, ConnState::OTH);
  EXPECT_EQ(c.history, "R");
}

TEST(RealTraces, MidstreamDataWithoutHandshakeIsOTH) {
  const ConnRecord c = only_record("tcp/no-handshake.pcap");
  EXPECT_EQ(c.state, ConnState::OTH);
  EXPECT_EQ(c.history, "D");
  EXPECT_EQ(c.orig_ip_bytes, 188U);
}

TEST(RealTraces, SynAckSeenFirstFlipsToTheClient) {
  const ConnRecord c = only_record("tcp/handshake-reorder.pcap");
  EXPECT_EQ(c.orig_h.to_string(), "141.142.228.5");
  EXPECT_EQ(c.resp_p, 80);
  EXPECT_EQ(c.history.substr(0, 3), "^hS");
  EXPECT_EQ(c.state, ConnState::SF);
  EXPECT_EQ(c.orig_bytes, 136U);
  EXPECT_EQ(c.resp_bytes, 5007U);
}

TEST(RealTraces, SynAckPayloadCountsAsResponderBytes) {
  const ConnRecord c = only_record("tcp/payload-synack.pcap");
  EXPECT_EQ(c.resp_bytes, 110U);
  EXPECT_EQ(c.state, ConnState::SF);
}

TEST(RealTraces, IcmpEchoPairsRequestAndReply) {
  const ConnRecord c = only_record("icmp/5-pings.pcap");
  EXPECT_EQ(c.ip_proto, 1);
  EXPECT_EQ(c.orig_p, 8);  // echo request
  EXPECT_EQ(c.resp_p, 0);  // its counterpart, echo reply
  EXPECT_EQ(c.orig_pkts, 5U);
  EXPECT_EQ(c.resp_pkts, 5U);
  EXPECT_EQ(c.orig_bytes, 280U);  // 5 x (64 - 8) ICMP payload bytes
}

TEST(RealTraces, IcmpUnreachableIsOneWayTypeAndCode) {
  const ConnRecord c = only_record("icmp/icmp-destunreach-udp.pcap");
  EXPECT_EQ(c.orig_p, 3);
  EXPECT_EQ(c.resp_p, 3);  // port unreachable: the code stands in for the port
  EXPECT_EQ(c.state, ConnState::OTH);
}

TEST(RealTraces, TcpHttpSessionMatchesZeek) {
  // Zeek's http/get.pcap.conn.log: SF ShADadFf 136/5007 bytes, 7/512 and 7/5379.
  const ConnRecord c = only_record("http/get.pcap");
  EXPECT_EQ(c.state, ConnState::SF);
  EXPECT_EQ(c.history, "ShADadFf");
  EXPECT_EQ(c.orig_bytes, 136U);
  EXPECT_EQ(c.resp_bytes, 5007U);
  EXPECT_EQ(c.orig_pkts, 7U);
  EXPECT_EQ(c.orig_ip_bytes, 512U);
  EXPECT_EQ(c.resp_pkts, 7U);
  EXPECT_EQ(c.resp_ip_bytes, 5379U);
  EXPECT_EQ(c.duration(), 211'484'000);
  EXPECT_EQ(c.missed_bytes, 0U);
}

TEST(RealTraces, IcmpErrorIsMatchedToTheFlowItQuotes) {
  // The icmp/ traces quote flows that are not in them; a real capture of a refused UDP
  // probe has both, which the scenario corpus covers. Here: the error is counted unmatched.
  const test::TraceResult r = test::run_trace("zeek/icmp/icmp-destunreach-udp.pcap");
  EXPECT_EQ(r.summary.flows.icmp_errors_unmatched, 1U);
}

}  // namespace gp
