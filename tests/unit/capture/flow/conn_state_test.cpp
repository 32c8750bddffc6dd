// conn_state rows of Zeek's base/protocols/conn/main.zeek, one test per row, on endpoint
// states set directly.
#include "capture/flow/conn_state.hpp"

#include <gtest/gtest.h>

namespace gp {
namespace {

Flow tcp_flow(TcpState orig, TcpState resp) {
  Flow f;
  f.protocol = 6;
  f.tcp[0].state = orig;
  f.tcp[1].state = resp;
  return f;
}

}  // namespace

TEST(ConnState, BothClosedIsSF) {
  EXPECT_EQ(compute_conn_state(tcp_flow(TcpState::closed, TcpState::closed)), ConnState::SF);
}
TEST(ConnState, SynOnlyIsS0) {
  EXPECT_EQ(compute_conn_state(tcp_flow(TcpState::syn_sent, TcpState::inactive)), ConnState::S0);
}
TEST(ConnState, EstablishedIsS1) {
  EXPECT_EQ(compute_conn_state(tcp_flow(TcpState::established, TcpState::established)), ConnState::S1);
}
TEST(ConnState, ResponderResetsSynIsREJ) {
  EXPECT_EQ(compute_conn_state(tcp_flow(TcpState::syn_sent, TcpState::reset)), ConnState::REJ);
}
TEST(ConnState, ResponderResetAfterEstablishedIsRSTR) {
  EXPECT_EQ(compute_conn_state(tcp_flow(TcpState::established, TcpState::reset)), ConnState::RSTR);
}
TEST(ConnState, ResponderResetWithSilentOriginatorIsRSTRH) {
  EXPECT_EQ(compute_conn_state(tcp_flow(TcpState::partial, TcpState::reset)), ConnState::RSTRH);
}
TEST(ConnState, OriginatorResetIsRSTO) {
  EXPECT_EQ(compute_conn_state(tcp_flow(TcpState::reset, TcpState::established)), ConnState::RSTO);
}
TEST(ConnState, OriginatorClosedResponderSilentIsSH) {
  EXPECT_EQ(compute_conn_state(tcp_flow(TcpState::closed, TcpState::inactive)), ConnState::SH);
}
TEST(ConnState, OriginatorClosedResponderOpenIsS2) {
  EXPECT_EQ(compute_conn_state(tcp_flow(TcpState::closed, TcpState::established)), ConnState::S2);
}
TEST(ConnState, ResponderClosedOriginatorSilentIsSHR) {
  EXPECT_EQ(compute_conn_state(tcp_flow(TcpState::partial, TcpState::closed)), ConnState::SHR);
}
TEST(ConnState, ResponderClosedOriginatorOpenIsS3) {
  EXPECT_EQ(compute_conn_state(tcp_flow(TcpState::established, TcpState::closed)), ConnState::S3);
}
TEST(ConnState, PartialBothIsOTH) {
  EXPECT_EQ(compute_conn_state(tcp_flow(TcpState::partial, TcpState::partial)), ConnState::OTH);
}

TEST(ConnState, RstOs0NeedsSynThenOwnRst) {
  EXPECT_TRUE(history_is_syn_then_own_rst("SR"));
  EXPECT_TRUE(history_is_syn_then_own_rst("^SdR"));
  EXPECT_TRUE(history_is_syn_then_own_rst("ShR"));  // Zeek's class excludes upper-case letters only
  EXPECT_FALSE(history_is_syn_then_own_rst("SAR"));
  EXPECT_FALSE(history_is_syn_then_own_rst("R"));
}

TEST(ConnState, UdpStatesFollowDataSeen) {
  Flow f;
  f.protocol = 17;
  EXPECT_EQ(compute_conn_state(f), ConnState::OTH);
  f.orig_seen_data = true;
  EXPECT_EQ(compute_conn_state(f), ConnState::S0);
  f.resp_seen_data = true;
  EXPECT_EQ(compute_conn_state(f), ConnState::SF);
  f.orig_seen_data = false;
  EXPECT_EQ(compute_conn_state(f), ConnState::SHR);
}

TEST(ConnState, NamesRoundTrip) {
  for (int i = 0; i <= static_cast<int>(ConnState::OTH); ++i) {
    const std::optional<ConnState> parsed = parse_conn_state(to_string(static_cast<ConnState>(i)));
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(static_cast<int>(*parsed), i);
  }
}

}  // namespace gp
