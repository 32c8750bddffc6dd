// TCP connection tracking against Zeek's semantics, on packet sequences built by hand
// (the same sequences are checked on real traces in the decode/pipeline tests).
#include <gtest/gtest.h>

#include "capture/flow/flow_table.hpp"
#include "tests/unit/capture/flow/collecting_sink.hpp"
#include "tests/unit/capture/flow/packet_builder.hpp"

namespace gp {
namespace {

using test::f::A;
using test::f::FA;
using test::f::PA;
using test::f::RA;
using test::f::S;
using test::f::SA;

const test::Endpoint kClient{test::v4("10.0.0.1"), 40000};
const test::Endpoint kServer{test::v4("10.0.0.2"), 3255};

struct TcpRun {
  test::CollectingSink sink;
  FlowTable table;
  explicit TcpRun(FlowTableConfig config = {}) : table(config, sink) {}
  void feed(const DecodedPacket& p) { table.process(p); }
  const std::vector<ConnRecord>& done() {
    table.flush();
    return sink.records;
  }
};

void handshake_data_close(TcpRun& run, std::int64_t t0) {
  run.feed(test::tcp(t0 + 0, kClient, kServer, S, 1000, 0));
  run.feed(test::tcp(t0 + 10, kServer, kClient, SA, 5000, 1001));
  run.feed(test::tcp(t0 + 20, kClient, kServer, A, 1001, 5001));
  run.feed(test::tcp(t0 + 30, kClient, kServer, PA, 1001, 5001, 100));
  run.feed(test::tcp(t0 + 40, kServer, kClient, PA, 5001, 1101, 200));
  run.feed(test::tcp(t0 + 50, kClient, kServer, A, 1101, 5201));
  run.feed(test::tcp(t0 + 60, kClient, kServer, FA, 1101, 5201));
  run.feed(test::tcp(t0 + 70, kServer, kClient, FA, 5201, 1102));
  run.feed(test::tcp(t0 + 80, kClient, kServer, A, 1102, 5202));
}

}  // namespace

TEST(TcpState, HandshakeDataAndCloseIsSF) {
  TcpRun run;
  handshake_data_close(run, 0);
  const auto& r = run.done();
  ASSERT_EQ(r.size(), 1U);
  EXPECT_EQ(r[0].state, ConnState::SF);
  EXPECT_EQ(r[0].history, "ShADdFf");  // every responder segment carries data or a flag: no 'a'
  EXPECT_EQ(r[0].orig_bytes, 100U);
  EXPECT_EQ(r[0].resp_bytes, 200U);
  EXPECT_EQ(r[0].orig_pkts, 6U);
  EXPECT_EQ(r[0].resp_pkts, 3U);
  EXPECT_EQ(r[0].orig_ip_bytes, 6U * 40 + 100);
  // The last ACK comes after both FINs: Zeek does not extend the duration for it.
  EXPECT_EQ(r[0].duration(), 70'000);
  EXPECT_EQ(r[0].orig_h, kClient.addr);
  EXPECT_EQ(r[0].resp_p, 3255);
}

TEST(TcpState, UnansweredSynIsS0) {
  TcpRun run;
  run.feed(test::tcp(0, kClient, kServer, S, 1000, 0));
  const auto& r = run.done();
  ASSERT_EQ(r.size(), 1U);
  EXPECT_EQ(r[0].state, ConnState::S0);
  EXPECT_EQ(r[0].history, "S");
}

TEST(TcpState, SynAnsweredByRstIsREJ) {
  TcpRun run;
  run.feed(test::tcp(0, kClient, kServer, S, 1000, 0));
  run.feed(test::tcp(5, kServer, kClient, RA, 0, 1001));
  const auto& r = run.done();
  ASSERT_EQ(r.size(), 1U);
  EXPECT_EQ(r[0].state, ConnState::REJ);
  EXPECT_EQ(r[0].history, "Sr");
  EXPECT_EQ(r[0].orig_bytes, 0U);
  EXPECT_EQ(r[0].resp_bytes, 0U);
}

TEST(TcpState, SynAckFirstFromServerPortFlipsRoles) {
  TcpRun run;
  const test::Endpoint web{test::v4("10.0.0.2"), 80};
  run.feed(test::tcp(0, web, kClient, SA, 5000, 1001));
  run.feed(test::tcp(10, kClient, web, A, 1001, 5001));
  const auto& r = run.done();
  ASSERT_EQ(r.size(), 1U);
  EXPECT_EQ(r[0].orig_h, kClient.addr);
  EXPECT_EQ(r[0].resp_p, 80);
  EXPECT_EQ(r[0].history, "^hA");
  EXPECT_EQ(r[0].orig_pkts, 1U);
  EXPECT_EQ(r[0].resp_pkts, 1U);
}

TEST(TcpState, NewSynOnClosedTupleStartsNewConnection) {
  TcpRun run;
  handshake_data_close(run, 0);
  run.feed(test::tcp(1000, kClient, kServer, S, 90000, 0));  // new ISN, same 5-tuple
  const auto& r = run.done();
  ASSERT_EQ(r.size(), 2U);
  EXPECT_EQ(r[0].state, ConnState::SF);
  EXPECT_EQ(r[1].state, ConnState::S0);
  EXPECT_NE(r[0].uid, r[1].uid);
}

TEST(TcpState, AttemptTimerEndsUnansweredSynAfterFiveSeconds) {
  TcpRun run;
  const test::Endpoint other{test::v4("10.9.9.9"), 53};
  run.feed(test::tcp(0, kClient, kServer, S, 1000, 0));
  run.feed(test::udp(6'000'000, other, kClient, 10));            // time passes on another flow
  run.feed(test::tcp(7'000'000, kClient, kServer, S, 1000, 0));  // same SYN retransmitted
  const auto& r = run.done();
  ASSERT_EQ(r.size(), 3U);
  EXPECT_EQ(r[0].state, ConnState::S0);
  EXPECT_EQ(r[0].orig_pkts, 1U);
}

TEST(TcpState, RetransmittedDataAddsT) {
  TcpRun run;
  run.feed(test::tcp(0, kClient, kServer, S, 1000, 0));
  run.feed(test::tcp(10, kServer, kClient, SA, 5000, 1001));
  run.feed(test::tcp(20, kClient, kServer, PA, 1001, 5001, 50));
  run.feed(test::tcp(30, kClient, kServer, PA, 1001, 5001, 50));
  const auto& r = run.done();
  ASSERT_EQ(r.size(), 1U);
  EXPECT_EQ(r[0].history, "ShDT");
  EXPECT_EQ(r[0].state, ConnState::S1);
  EXPECT_EQ(r[0].orig_bytes, 50U);
}

TEST(TcpState, ZeroWindowAddsW) {
  TcpRun run;
  run.feed(test::tcp(0, kClient, kServer, S, 1000, 0));
  run.feed(test::tcp(10, kServer, kClient, SA, 5000, 1001));
  run.feed(test::tcp(20, kClient, kServer, A, 1001, 5001, 0, 0));
  const auto& r = run.done();
  ASSERT_EQ(r.size(), 1U);
  EXPECT_EQ(r[0].history, "ShAW");
}

TEST(TcpState, OriginatorResetAfterEstablishedIsRSTO) {
  TcpRun run;
  run.feed(test::tcp(0, kClient, kServer, S, 1000, 0));
  run.feed(test::tcp(10, kServer, kClient, SA, 5000, 1001));
  run.feed(test::tcp(20, kClient, kServer, A, 1001, 5001));
  run.feed(test::tcp(30, kClient, kServer, RA, 1001, 5001));
  const auto& r = run.done();
  ASSERT_EQ(r.size(), 1U);
  EXPECT_EQ(r[0].state, ConnState::RSTO);
  EXPECT_EQ(r[0].history, "ShAR");
}

TEST(TcpState, SynThenOwnRstIsRSTOS0) {
  TcpRun run;
  run.feed(test::tcp(0, kClient, kServer, S, 1000, 0));
  run.feed(test::tcp(30, kClient, kServer, test::f::R, 1001, 0));
  const auto& r = run.done();
  ASSERT_EQ(r.size(), 1U);
  EXPECT_EQ(r[0].state, ConnState::RSTOS0);
  EXPECT_EQ(r[0].history, "SR");
}

TEST(TcpState, MidstreamDataWithoutHandshakeIsOTH) {
  TcpRun run;
  run.feed(test::tcp(0, kClient, kServer, PA, 7000, 9000, 10));
  const auto& r = run.done();
  ASSERT_EQ(r.size(), 1U);
  EXPECT_EQ(r[0].state, ConnState::OTH);
  EXPECT_EQ(r[0].history, "D");
}

}  // namespace gp

namespace gp {
namespace {

// The server's bytes 1..1000 and 2001..3000 pass the sensor, 1001..2000 do not, and the
// client acknowledges all 3000: Zeek's reassembler reports the 1,000-byte hole in the middle
// as a content gap (tunnels/gtp/gtp1_gn_normal_incl_fragmentation.pcap is such a stream).
void stream_with_hole(TcpRun& run, bool fill_late) {
  run.feed(test::tcp(0, kClient, kServer, S, 1000, 0));
  run.feed(test::tcp(10, kServer, kClient, SA, 5000, 1001));
  run.feed(test::tcp(20, kClient, kServer, A, 1001, 5001));
  run.feed(test::tcp(30, kServer, kClient, PA, 5001, 1001, 1000));
  run.feed(test::tcp(40, kServer, kClient, PA, 7001, 1001, 1000));
  if (fill_late) run.feed(test::tcp(45, kServer, kClient, PA, 6001, 1001, 1000));  // reordered, not lost
  run.feed(test::tcp(50, kClient, kServer, A, 1001, 8001));
}

TEST(TcpState, AcknowledgedHoleInTheMiddleIsAContentGap) {
  TcpRun run;
  stream_with_hole(run, false);
  const auto& r = run.done();
  ASSERT_EQ(r.size(), 1U);
  EXPECT_EQ(r[0].missed_bytes, 1000U);
  EXPECT_NE(r[0].history.find('g'), std::string::npos) << r[0].history;
}

TEST(TcpState, ReorderedSegmentFillsTheHoleBeforeTheAck) {
  TcpRun run;
  stream_with_hole(run, true);
  const auto& r = run.done();
  ASSERT_EQ(r.size(), 1U);
  EXPECT_EQ(r[0].missed_bytes, 0U);
  EXPECT_EQ(r[0].history.find('g'), std::string::npos) << r[0].history;
}

TEST(TcpState, HoleAndAckBeyondTheLastByteBothCount) {
  TcpRun run;
  stream_with_hole(run, false);
  run.feed(test::tcp(60, kClient, kServer, A, 1001, 8501));  // 500 more bytes never seen
  const auto& r = run.done();
  ASSERT_EQ(r.size(), 1U);
  EXPECT_EQ(r[0].missed_bytes, 1500U);
}

}  // namespace
}  // namespace gp
