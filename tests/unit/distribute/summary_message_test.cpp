// A summary survives MessagePack exactly, and bytes that are not one are refused with the
// place named — they come from the network.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/addresses.hpp"
#include "distribute/summary_message.hpp"

namespace gp::distribute {
namespace {

using test::ip;

ScanObservation probe_observation() {
  ScanObservation o;
  o.ended_at = 1'700'000'005'000'000'000;
  ConnRecord& r = o.record;
  r.start = 1'700'000'000'123'456'789;
  r.last = r.start + 1000;
  r.orig_h = ip("203.0.113.9");
  r.orig_p = 61000;
  r.resp_h = ip("2001:db8::7");
  r.resp_p = 3255;
  r.ip_proto = 6;
  r.state = ConnState::REJ;
  r.history = "Sr";
  r.orig_pkts = 1;
  r.resp_pkts = 1;
  r.orig_ip_bytes = 44;
  r.resp_ip_bytes = 40;
  r.icmp_errors = 2;
  r.end = FlowEnd::inactivity_timeout;
  FirstSegment& f = o.evidence.first_orig_segment;
  f.present = true;
  f.flags = 0x02;
  f.ttl = 41;
  f.ip_id = 54321;
  f.window = 1024;
  f.seq = 0xdeadbeef;
  f.dst_port = 3255;
  f.options_size = 4;
  f.options[0] = 2;
  f.options[1] = 4;
  f.options[2] = 5;
  f.options[3] = 0xb4;
  PayloadSample& p = o.evidence.first_payload[0];
  p.size = 3;
  p.bytes[0] = 'G';
  p.bytes[1] = 'E';
  p.bytes[2] = 'T';
  p.length = 300;
  p.entropy = 4.5F;
  p.entropy_sample = 200;
  o.evidence.first_payload[1].length = 17;
  o.evidence.first_resp_flags = 0x14;
  o.evidence.orig_data_packets = 1;
  return o;
}

TEST(SummaryMessage, RoundTripsEveryField) {
  SensorSummary s;
  s.sensor = "dc1";
  s.run = "0123456789abcdef";
  s.sequence = 7;
  s.through = 1'700'000'060'000'000'000;
  s.final = true;
  s.flows = 12;
  s.scan_ignored = 3;
  s.model = nlohmann::json::array({1, 2, 3});
  s.hits = nlohmann::json::array();
  s.scan.push_back(probe_observation());
  const SensorSummary back = decode_summary(encode_summary(s));
  EXPECT_EQ(back.sensor, "dc1");
  EXPECT_EQ(back.run, s.run);
  EXPECT_EQ(back.sequence, 7U);
  EXPECT_EQ(back.through, s.through);
  EXPECT_TRUE(back.final);
  EXPECT_EQ(back.flows, 12U);
  EXPECT_EQ(back.scan_ignored, 3U);
  EXPECT_EQ(back.model, s.model);
  ASSERT_EQ(back.scan.size(), 1U);
  const ScanObservation& o = back.scan[0];
  const ScanObservation want = probe_observation();
  EXPECT_EQ(o.ended_at, want.ended_at);
  EXPECT_EQ(o.record.start, want.record.start);
  EXPECT_EQ(o.record.last, want.record.last);
  EXPECT_EQ(o.record.orig_h, want.record.orig_h);
  EXPECT_EQ(o.record.resp_h, want.record.resp_h);
  EXPECT_EQ(o.record.resp_p, 3255);
  EXPECT_EQ(o.record.state, ConnState::REJ);
  EXPECT_EQ(o.record.history, "Sr");
  EXPECT_EQ(o.record.icmp_errors, 2U);
  EXPECT_EQ(o.record.end, FlowEnd::inactivity_timeout);
  EXPECT_EQ(o.record.resp_ip_bytes, 40U);
  const FirstSegment& f = o.evidence.first_orig_segment;
  EXPECT_TRUE(f.present);
  EXPECT_EQ(f.ip_id, 54321);
  EXPECT_EQ(f.seq, 0xdeadbeefU);
  EXPECT_EQ(f.ttl, 41);
  ASSERT_EQ(f.options_size, 4);
  EXPECT_EQ(f.options[3], 0xb4);
  EXPECT_EQ(o.evidence.first_payload[0].size, 3);
  EXPECT_EQ(o.evidence.first_payload[0].bytes[2], 'T');
  EXPECT_EQ(o.evidence.first_payload[0].length, 300U);
  EXPECT_FLOAT_EQ(o.evidence.first_payload[0].entropy, 4.5F);
  EXPECT_EQ(o.evidence.first_payload[1].length, 17U);
  EXPECT_EQ(o.evidence.first_payload[1].size, 0);  // the responder's bytes never travel
  EXPECT_EQ(o.evidence.first_resp_flags, 0x14);
}

TEST(SummaryMessage, TheSourcesPayloadTravelsWhenItIsTheResponder) {
  ScanObservation o = probe_observation();
  o.payload_side = 1;
  o.evidence.first_payload[1].size = 2;
  o.evidence.first_payload[1].bytes[0] = 'O';
  o.evidence.first_payload[1].bytes[1] = 'K';
  const ScanObservation back = observation_from_json(observation_to_json(o), "o");
  EXPECT_EQ(back.payload_side, 1);
  EXPECT_EQ(back.evidence.first_payload[1].size, 2);
  EXPECT_EQ(back.evidence.first_payload[1].bytes[1], 'K');
  EXPECT_EQ(back.evidence.first_payload[0].length, 300U);  // the other side: its length only
  EXPECT_EQ(back.evidence.first_payload[0].size, 0);
}

std::string error_of(const std::string& bytes) {
  try {
    decode_summary(bytes);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

std::string packed(const nlohmann::json& j) {
  const auto b = nlohmann::json::to_msgpack(j);
  return {b.begin(), b.end()};
}

ExpectedSource ftp_control() {
  ExpectedSource e;
  e.control = ConversationKey{ip("10.0.0.5"), ip("2001:db8::21"), 21, 6};
  e.orig = ip("10.0.0.5");
  e.resp = ip("2001:db8::21");
  e.start = 1'700'000'000'000'000'000;
  e.last = e.start + 90'000'000'000;
  for (std::uint16_t i = 0; i < 10; ++i)
    e.announced.add(i % 3 != 0, static_cast<std::uint16_t>(50000 + i), i % 2 ? "227" : "EPRT");
  e.announced.announcer = Announcer::ftp;
  return e;
}

SensorSummary summary_with_ftp_control() {
  SensorSummary s;
  s.sensor = "x";
  s.run = "r";
  s.model = nlohmann::json::array();
  s.expected.push_back(ftp_control());
  return s;
}

TEST(SummaryMessage, RoundTripsTheControlFlowsThatAnnouncedConnections) {
  SensorSummary s = summary_with_ftp_control();
  const SensorSummary back = decode_summary(encode_summary(s));
  ASSERT_EQ(back.expected.size(), 1U);
  const ExpectedSource& a = s.expected[0];
  const ExpectedSource& b = back.expected[0];
  EXPECT_EQ(b.control, a.control);
  EXPECT_EQ(b.orig, a.orig);
  EXPECT_EQ(b.resp, a.resp);
  EXPECT_EQ(b.start, a.start);
  EXPECT_EQ(b.last, a.last);
  EXPECT_EQ(b.announced.announcer, Announcer::ftp);
  EXPECT_EQ(b.announced.total, a.announced.total);
  EXPECT_EQ(b.announced.ports, a.announced.ports);
  EXPECT_EQ(b.announced.resp_side, a.announced.resp_side);
  EXPECT_EQ(b.announced.low, a.announced.low);
  EXPECT_EQ(b.announced.high, a.announced.high);
  EXPECT_EQ(b.announced.verbs, a.announced.verbs);
  EXPECT_EQ(b.announced.last_verb, a.announced.last_verb);
  for (std::uint16_t port = 49990; port < 50020; ++port) {
    EXPECT_EQ(b.announced.verb_of(true, port), a.announced.verb_of(true, port)) << port;
    EXPECT_EQ(b.announced.verb_of(false, port), a.announced.verb_of(false, port)) << port;
  }
  // A summary from a sensor that sends none (older versions) reads as none.
  s.expected.clear();
  EXPECT_TRUE(decode_summary(encode_summary(s)).expected.empty());
}

TEST(SummaryMessage, RefusesAMalformedControlFlowAndSaysWhere) {
  SensorSummary s = summary_with_ftp_control();
  const nlohmann::json j = nlohmann::json::from_msgpack(encode_summary(s));
  nlohmann::json not_array = j;
  not_array["expected"] = 3;
  EXPECT_NE(error_of(packed(not_array)).find("summary.expected: expected an array"), std::string::npos);
  nlohmann::json short_one = j;
  short_one["expected"][0].erase(15);
  EXPECT_NE(error_of(packed(short_one)).find("summary.expected[0]: expected a control flow of 16 fields"),
            std::string::npos);
  nlohmann::json bad_announcer = j;
  bad_announcer["expected"][0][8] = 9;
  EXPECT_NE(error_of(packed(bad_announcer)).find("summary.expected[0][8]"), std::string::npos);
  nlohmann::json short_ring = j;
  short_ring["expected"][0][10].erase(0);
  EXPECT_NE(error_of(packed(short_ring)).find("summary.expected[0][10]: expected 8 numbers"), std::string::npos);
  nlohmann::json big_port = j;
  big_port["expected"][0][12][1] = 70000;
  EXPECT_NE(error_of(packed(big_port)).find("summary.expected[0][12][1]"), std::string::npos);
}

TEST(SummaryMessage, RefusesWhatIsNotASummaryAndSaysWhere) {
  SensorSummary s;
  s.sensor = "x";
  s.run = "r";
  s.model = nlohmann::json::array();
  s.scan.push_back(probe_observation());
  const std::string good = encode_summary(s);
  EXPECT_NE(error_of(good.substr(0, good.size() / 2)).find("not MessagePack"), std::string::npos);
  EXPECT_NE(error_of("hello").find("summary"), std::string::npos);

  nlohmann::json j = nlohmann::json::from_msgpack(good);
  nlohmann::json v = j;
  v["v"] = 99;
  EXPECT_NE(error_of(packed(v)).find("version 99"), std::string::npos);
  nlohmann::json missing = j;
  missing.erase("through");
  EXPECT_NE(error_of(packed(missing)).find("no 'through' field"), std::string::npos);
  nlohmann::json short_obs = j;
  short_obs["scan"][0].erase(5);
  EXPECT_NE(error_of(packed(short_obs)).find("summary.scan[0]: expected an array of 30 fields"), std::string::npos);
  nlohmann::json bad_addr = j;
  bad_addr["scan"][0][3] = nlohmann::json::binary({1, 2, 3});
  EXPECT_NE(error_of(packed(bad_addr)).find("summary.scan[0][3]: expected a 16-byte address"), std::string::npos);
  nlohmann::json big_port = j;
  big_port["scan"][0][6] = 70000;
  EXPECT_NE(error_of(packed(big_port)).find("summary.scan[0][6]"), std::string::npos);
  nlohmann::json long_payload = j;
  long_payload["scan"][0][23] = nlohmann::json::binary(std::vector<std::uint8_t>(65, 'a'));
  EXPECT_NE(error_of(packed(long_payload)).find("up to 64 payload bytes"), std::string::npos);
  nlohmann::json bad_state = j;
  bad_state["scan"][0][8] = 200;
  EXPECT_NE(error_of(packed(bad_state)).find("summary.scan[0][8]"), std::string::npos);
}

}  // namespace
}  // namespace gp::distribute
