// conn.log records as Zeek writes them. The first case is a real connection from Zeek's
// ftp/ipv4.pcap baseline (conn.log row 1); the others show each of Zeek's unset rules.
#include "report/conn_log.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <ctime>

namespace gp::report {
namespace {

constexpr TimeNs kOpen = 1'700'000'000'000'000'000;

IpAddress v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
  const std::array<std::uint8_t, 4> bytes{a, b, c, d};
  return IpAddress::from_v4(bytes);
}

ConnRecord ftp_data_conn() {
  ConnRecord r;
  r.start = 1'300'475'168'853'899'000;
  r.last = r.start + 112'432'000;
  r.uid = "ClEkJM2Vm5giqnMf4h";
  r.orig_h = v4(141, 142, 220, 235);
  r.orig_p = 37604;
  r.resp_h = v4(199, 233, 217, 249);
  r.resp_p = 56666;
  r.ip_proto = 6;
  r.state = ConnState::SF;
  r.history = "ShAdfFa";
  r.orig_bytes = 0;
  r.resp_bytes = 342;
  r.orig_pkts = 4;
  r.orig_ip_bytes = 216;
  r.resp_pkts = 4;
  r.resp_ip_bytes = 562;
  return r;
}

ConnRecord lone_syn() {
  ConnRecord r;
  r.start = r.last = 1'300'475'170'000'000'000;
  r.uid = "CsynOnly";
  r.orig_h = v4(10, 0, 0, 2);
  r.orig_p = 51000;
  r.resp_h = v4(10, 0, 0, 1);
  r.resp_p = 3255;
  r.ip_proto = 6;
  r.state = ConnState::S0;
  r.history.assign(1, 'S');  // not = "S": GCC 12 at -O3 misreports -Wrestrict on that copy
  r.orig_pkts = 1;
  r.orig_ip_bytes = 44;
  return r;
}

// The data lines of a TSV log (header and #close dropped).
std::vector<std::string> tsv_records(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    const std::string line = text.substr(pos, nl - pos);
    if (!line.empty() && line[0] != '#') out.push_back(line);
    pos = nl == std::string::npos ? text.size() : nl + 1;
  }
  return out;
}

std::string write_tsv(const std::vector<ConnRecord>& records) {
  setenv("TZ", "UTC", 1);
  tzset();
  StringSink sink;
  {
    ConnLogWriter w(LogFormat::zeek_tsv, sink, {}, kOpen);
    for (const auto& r : records) w.write(r);
    w.close(kOpen);
  }
  return sink.text();
}

TEST(ConnLog, HeaderListsZeekConnFieldsTunnelParentsThenIpProtoAndCommunityId) {
  const std::string out = write_tsv({});
  EXPECT_NE(out.find("#path\tconn\n"), std::string::npos);
  EXPECT_NE(out.find("#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\t"
                     "orig_bytes\tresp_bytes\tconn_state\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\t"
                     "resp_pkts\tresp_ip_bytes\ttunnel_parents\tip_proto\tcommunity_id\n"
                     "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\t"
                     "string\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]\tcount\tstring\n"),
            std::string::npos)
      << out;
  EXPECT_TRUE(out.ends_with("#close\t2023-11-14-22-13-20\n"));
}

TEST(ConnLog, EstablishedConnectionMatchesZeekRow) {
  EXPECT_EQ(tsv_records(write_tsv({ftp_data_conn()})),
            std::vector<std::string>{
                "1300475168.853899\tClEkJM2Vm5giqnMf4h\t141.142.220.235\t37604\t199.233.217.249\t56666\ttcp\t-\t"
                "0.112432\t0\t342\tSF\t0\tShAdfFa\t4\t216\t4\t562\t-\t6\t1:AHWSlGoM1gm7tA59HxhmI0OJeZ0="});
}

TEST(ConnLog, SinglePacketConnectionLeavesDurationAndBytesUnset) {
  EXPECT_EQ(tsv_records(write_tsv({lone_syn()})),
            std::vector<std::string>{"1300475170.000000\tCsynOnly\t10.0.0.2\t51000\t10.0.0.1\t3255\ttcp\t-\t-\t-\t-\t"
                                     "S0\t0\tS\t1\t44\t0\t0\t-\t6\t1:TtjdDC2IRaG2lcHt6ZivPelbXhA="});
}

TEST(ConnLog, TunnelParentsAreASetOfUids) {
  ConnRecord r = lone_syn();
  r.tunnel_parents = {"CtunnelA", "CtunnelB"};
  const auto rows = tsv_records(write_tsv({r}));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_NE(rows[0].find("\t0\t0\tCtunnelA,CtunnelB\t6\t"), std::string::npos) << rows[0];
  StringSink sink;
  {
    ConnLogWriter w(LogFormat::json, sink, {}, kOpen);
    w.write(r);
  }
  EXPECT_NE(sink.text().find(R"("resp_ip_bytes":0,"tunnel_parents":["CtunnelA","CtunnelB"],"ip_proto":6,)"),
            std::string::npos)
      << sink.text();
}

TEST(ConnLog, ServiceIsWrittenWhenIdentifiedAndUnsetOtherwise) {
  ConnRecord r = ftp_data_conn();
  r.service = "quic,ssl";
  const auto rows = tsv_records(write_tsv({r, ftp_data_conn()}));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_NE(rows[0].find("\t56666\ttcp\tquic,ssl\t0.112432\t"), std::string::npos) << rows[0];
  EXPECT_NE(rows[1].find("\t56666\ttcp\t-\t0.112432\t"), std::string::npos) << rows[1];
  StringSink sink;
  {
    ConnLogWriter w(LogFormat::json, sink, {}, kOpen);
    w.write(r);
  }
  EXPECT_NE(sink.text().find(R"("proto":"tcp","service":"quic,ssl","duration":)"), std::string::npos) << sink.text();
}

TEST(ConnLog, EmptyHistoryIsUnset) {
  ConnRecord r = lone_syn();
  r.history.clear();
  r.state = ConnState::OTH;
  const auto rows = tsv_records(write_tsv({r}));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_NE(rows[0].find("\tOTH\t0\t-\t1\t44\t"), std::string::npos) << rows[0];
}

TEST(ConnLog, ProtoNamesFollowZeek) {
  EXPECT_EQ(zeek_transport_name(6), "tcp");
  EXPECT_EQ(zeek_transport_name(17), "udp");
  EXPECT_EQ(zeek_transport_name(1), "icmp");
  EXPECT_EQ(zeek_transport_name(58), "icmp");  // Zeek logs ICMPv6 as icmp too
  EXPECT_EQ(zeek_transport_name(132), "unknown_transport");
  EXPECT_EQ(zeek_transport_name(47), "unknown_transport");
}

TEST(ConnLog, JsonRecordOmitsUnsetFields) {
  StringSink sink;
  {
    ConnLogWriter w(LogFormat::json, sink, {}, kOpen);
    w.write(lone_syn());
  }
  EXPECT_EQ(sink.text(),
            R"({"ts":1300475170.0,"uid":"CsynOnly","id.orig_h":"10.0.0.2","id.orig_p":51000,)"
            R"("id.resp_h":"10.0.0.1","id.resp_p":3255,"proto":"tcp","conn_state":"S0","missed_bytes":0,)"
            R"("history":"S","orig_pkts":1,"orig_ip_bytes":44,"resp_pkts":0,"resp_ip_bytes":0,"ip_proto":6,)"
            R"("community_id":"1:TtjdDC2IRaG2lcHt6ZivPelbXhA="})"
            "\n");
}

TEST(ConnLog, ExtraColumnsAppendAfterZeekAndResetAfterEachRecord) {
  const std::array<LogField, 1> extra{LogField{"gp_label", ZeekType::string}};
  StringSink sink;
  {
    ConnLogWriter w(LogFormat::zeek_tsv, sink, extra, kOpen);
    ASSERT_EQ(w.schema().size(), conn_col::count + 1);
    w.extra().set_string(conn_col::count, "scanner_noise");
    w.write(lone_syn());
    w.write(lone_syn());  // label not set again: must not repeat
  }
  const auto rows = tsv_records(sink.text());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_TRUE(rows[0].ends_with("\tscanner_noise")) << rows[0];
  EXPECT_TRUE(rows[1].ends_with("=\t-")) << rows[1];
  EXPECT_NE(sink.text().find("\tcommunity_id\tgp_label\n"), std::string::npos);
}

}  // namespace
}  // namespace gp::report
