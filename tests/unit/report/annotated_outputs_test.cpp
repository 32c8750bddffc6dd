// The pieces behind `analyze -w` and `--log-dir` (issue 10): the scratch files that carry
// what the first pass learned to the second, the comment and log vocabulary, and the two-pass
// writer on a real capture — read back by our own reader (the CLI test reads it with tshark).
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <new>
#include <set>
#include <string>
#include <vector>

#include "annotate/flow_annotations.hpp"
#include "capture/pipeline/run_capture.hpp"
#include "capture/source/packet_source.hpp"
#include "report/annotated_pcapng.hpp"
#include "report/annotation_logs.hpp"
#include "report/conn_log.hpp"
#include "report/flow_spool.hpp"
#include "report/log_writer.hpp"
#include "report/pcapng_writer.hpp"
#include "tests/support/temp_path.hpp"
#include "tests/support/labels.hpp"
#include "tests/support/addresses.hpp"

// Counts heap allocations while `g_counting` is set: the second pass must not allocate per
// packet. Replacing the global operator new is the standard way to observe that.
namespace {
std::atomic<bool> g_counting{false};
std::atomic<std::uint64_t> g_allocations{0};
}  // namespace
// Every plain form of new and delete is replaced, so each pair matches (ASan checks that).
// GCC pairs malloc with the replaced delete's free across inlining and warns; they do match.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
namespace {
void* counted_malloc(std::size_t n) noexcept {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n == 0 ? 1 : n);
}
}  // namespace
void* operator new(std::size_t n) {
  if (void* p = counted_malloc(n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
  if (void* p = counted_malloc(n)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return counted_malloc(n); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return counted_malloc(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
#pragma GCC diagnostic pop

namespace gp {
namespace {

namespace fs = std::filesystem;

IpAddress v4(const char* text) { return test::ip(text); }

ConversationKey key(const char* client, const char* server, std::uint16_t port, std::uint8_t proto) {
  return ConversationKey{v4(client), v4(server), port, proto};
}

TEST(FlowRecordFile, RecordsPutOutOfOrderComeBackInSerialOrder) {
  report::FlowRecordFile file;
  // Flows end in any order; serial 5000 crosses the read batch.
  for (std::uint64_t serial : {2ULL, 0ULL, 5000ULL, 1ULL}) {
    report::FlowRecord r;
    r.conversation = key("10.0.0.1", "2001:db8::1", static_cast<std::uint16_t>(serial), 6);
    r.start = static_cast<TimeNs>(serial * 1000);
    r.set_uid("C" + std::to_string(serial));
    file.put(serial, r);
  }
  ASSERT_TRUE(file.ok()) << file.error();
  EXPECT_EQ(file.written(), 4U);
  report::FlowRecord r;
  for (std::uint64_t serial = 0; serial < 3; ++serial) {
    ASSERT_TRUE(file.next(r)) << serial;
    EXPECT_EQ(r.start, static_cast<TimeNs>(serial * 1000));
    EXPECT_EQ(r.uid_view(), "C" + std::to_string(serial));
    EXPECT_EQ(r.conversation, key("10.0.0.1", "2001:db8::1", static_cast<std::uint16_t>(serial), 6));
  }
  // Serial 3 was never written: a hole is no record, never a zeroed one.
  EXPECT_FALSE(file.next(r));
}

TEST(ConnSpool, RecordsComeBackWhole) {
  report::ConnSpool spool;
  ConnRecord a;
  a.start = 1'700'000'000'123'456'789;
  a.last = a.start + 5'000'000;
  a.uid = "CAbcdefghijk123456";
  a.orig_h = v4("192.0.2.1");
  a.orig_p = 40000;
  a.resp_h = v4("2001:db8::7");
  a.resp_p = 3255;
  a.ip_proto = 6;
  a.state = ConnState::RSTR;
  a.history = "ShADadr";
  a.orig_bytes = 1;
  a.resp_bytes = 2;
  a.missed_bytes = 3;
  a.orig_pkts = 4;
  a.orig_ip_bytes = 5;
  a.resp_pkts = 6;
  a.resp_ip_bytes = 7;
  a.icmp_errors = 8;
  a.end = FlowEnd::evicted;
  a.tunnel_parents = {"CvxlanCarrier1", "CvxlanCarrier2"};  // both directions mirrored apart
  ConnRecord b;                                             // empty strings
  b.ip_proto = 17;
  spool.append(a, key("192.0.2.1", "10.1.1.1", 3255, 6));
  spool.append(b, key("0.0.0.0", "0.0.0.0", 0, 17));
  spool.rewind();
  ConnRecord r;
  ConversationKey k;
  ASSERT_TRUE(spool.next(r, k));
  EXPECT_EQ(r.start, a.start);
  EXPECT_EQ(r.last, a.last);
  EXPECT_EQ(r.uid, a.uid);
  EXPECT_EQ(r.orig_h, a.orig_h);
  EXPECT_EQ(r.resp_h, a.resp_h);
  EXPECT_EQ(r.orig_p, a.orig_p);
  EXPECT_EQ(r.resp_p, a.resp_p);
  EXPECT_EQ(r.state, a.state);
  EXPECT_EQ(r.history, a.history);
  EXPECT_EQ(r.missed_bytes, 3U);
  EXPECT_EQ(r.resp_ip_bytes, 7U);
  EXPECT_EQ(r.icmp_errors, 8U);
  EXPECT_EQ(r.end, FlowEnd::evicted);
  EXPECT_EQ(r.tunnel_parents, a.tunnel_parents);
  EXPECT_EQ(k, key("192.0.2.1", "10.1.1.1", 3255, 6));
  ASSERT_TRUE(spool.next(r, k));
  EXPECT_TRUE(r.uid.empty());
  EXPECT_TRUE(r.history.empty());
  EXPECT_TRUE(r.tunnel_parents.empty());
  EXPECT_EQ(r.ip_proto, 17);
  EXPECT_FALSE(spool.next(r, k));
  EXPECT_TRUE(spool.ok()) << spool.error();
}

// One port, two conversations: a judged scanner and an unknown one.
AnalysisResult sample_result() {
  AnalysisResult r;
  ConversationResult c;
  c.client = v4("198.51.100.7");
  c.server = v4("10.0.0.5");
  c.port = 3255;
  c.ip_proto = 6;
  c.verdict.label = rules::Label::scanner_noise;
  c.verdict.confidence = 0.8999;
  c.verdict.evidence = {RuleEvidence{"scanner_detected_source", rules::Label::scanner_noise, 3, false, "scan"},
                        RuleEvidence{"custom_app_internal_sessions", rules::Label::custom_application, 1, false, "x"}};
  r.conversations.push_back(c);
  c.client = v4("10.0.0.9");
  c.verdict = Verdict{};
  r.conversations.push_back(c);
  PortResult p;
  p.port = 3255;
  p.ip_proto = 6;
  p.transport = "tcp";
  p.service = "semaphore";
  p.standing = "orphaned";
  p.flows = 2;
  p.label = rules::Label::scanner_noise;
  p.confidence = 0.8999;
  p.top_reason = "scan";
  p.breakdown = {{rules::Label::scanner_noise, 1}, {rules::Label::unknown, 1}};
  p.conversation_count = 2;
  p.conversations = {0, 1};
  r.ports.push_back(p);
  return r;
}

TEST(FlowAnnotations, CommentNamesLabelConfidenceStandingRulesUidAndConversation) {
  const AnalysisResult result = sample_result();
  const AnnotationIndex index(result);
  const std::uint32_t c = index.find(key("198.51.100.7", "10.0.0.5", 3255, 6));
  ASSERT_EQ(c, 0U);
  std::string comment;
  format_flow_comment(comment, index, c, "CuidUidUid");
  EXPECT_EQ(comment,
            "ghostport: gp_label=scanner_noise gp_confidence=0.9 gp_standing=orphaned "
            "gp_rules=scanner_detected_source,custom_app_internal_sessions uid=CuidUidUid "
            "conversation=198.51.100.7>10.0.0.5:3255/tcp");
  format_flow_comment(comment, index, index.find(key("10.0.0.9", "10.0.0.5", 3255, 6)), "C2");
  EXPECT_EQ(comment,
            "ghostport: gp_label=unknown gp_confidence=0 gp_standing=orphaned gp_rules=- uid=C2 "
            "conversation=10.0.0.9>10.0.0.5:3255/tcp");
  // The reverse direction is another conversation, never this one.
  EXPECT_EQ(index.find(key("10.0.0.5", "198.51.100.7", 3255, 6)), AnnotationIndex::kNone);
  format_flow_comment(comment, index, AnnotationIndex::kNone, "C3");
  EXPECT_NE(comment.find("gp_label=- "), std::string::npos);
  EXPECT_NE(comment.find("not judged"), std::string::npos);
  EXPECT_EQ(no_flow_comment(DecodeStatus::not_ip), "ghostport: no flow (not an IP packet)");
  EXPECT_NE(no_flow_comment(DecodeStatus::fragment_pending).find("fragment"), std::string_view::npos);
}

TEST(FlowAnnotations, ConfidenceIsRoundedToThreeDecimals) {
  EXPECT_EQ(format_confidence(0.8999), "0.9");
  EXPECT_EQ(format_confidence(0.3846), "0.385");
  EXPECT_EQ(format_confidence(1.0), "1");
  EXPECT_EQ(format_confidence(0.0), "0");
  EXPECT_DOUBLE_EQ(output_confidence(0.71428), 0.714);
}

TEST(AnnotationLogs, PortsLogInTsvAndJson) {
  const AnalysisResult result = sample_result();
  report::StringSink tsv;
  report::write_ports_log(result, report::LogFormat::zeek_tsv, tsv, 0, 0);
  EXPECT_NE(tsv.text().find("#fields\tts\tport\tproto\tregistered_service\tgp_standing\tflows"), std::string::npos);
  EXPECT_NE(tsv.text().find("\tdouble\tset[string]\tset[string]\tstring\n"), std::string::npos);
  EXPECT_NE(tsv.text().find("\t3255\ttcp\tsemaphore\torphaned\t2\t0\t0\t2\t0\tscanner_noise\t0.9\t"
                            "scanner_noise:1,unknown:1\tscanner_detected_source,custom_app_internal_sessions\tscan\n"),
            std::string::npos)
      << tsv.text();
  report::StringSink json;
  report::write_ports_log(result, report::LogFormat::json, json, 0, 0);
  EXPECT_NE(json.text().find(R"("gp_confidence":0.9,"gp_labels":["scanner_noise:1","unknown:1"])"), std::string::npos)
      << json.text();
}

TEST(AnnotationLogs, ConnLogAppendsVerdictColumnsAndLeavesUnjudgedFlowsUnset) {
  const AnalysisResult result = sample_result();
  const AnnotationIndex index(result);
  report::ConnSpool spool;
  ConnRecord r;
  r.uid = "Cjudged";
  r.orig_h = v4("198.51.100.7");
  r.resp_h = v4("10.0.0.5");
  r.resp_p = 3255;
  r.ip_proto = 6;
  spool.append(r, key("198.51.100.7", "10.0.0.5", 3255, 6));
  r.uid = "Cunjudged";
  spool.append(r, key("203.0.113.1", "10.0.0.5", 3255, 6));
  report::StringSink tsv;
  report::write_annotated_conn_log(spool, index, report::LogFormat::zeek_tsv, tsv, 0, 0);
  EXPECT_NE(tsv.text().find("\tgp_label\tgp_confidence\tgp_standing\tgp_rules\n"), std::string::npos);
  EXPECT_NE(tsv.text().find("\tscanner_noise\t0.9\torphaned\tscanner_detected_source,custom_app_internal_sessions\n"),
            std::string::npos)
      << tsv.text();
  EXPECT_NE(tsv.text().find("Cunjudged"), std::string::npos);
  EXPECT_NE(tsv.text().find("\t-\t-\t-\t-\n"), std::string::npos);
}

TEST(ZeekLogs, DoublesAsZeekWritesThem) {
  report::LogSchema s("t");
  s.add("d", report::ZeekType::double_);
  report::LogRow row(s);
  report::StringSink out;
  const auto w = report::make_log_writer(report::LogFormat::zeek_tsv, s, out);
  for (double v : {0.5, 0.125, 1.0, 0.0, 12.3456789}) {
    row.set_double(0, v);
    w->write(row);
  }
  EXPECT_EQ(out.text(), "0.5\n0.125\n1\n0\n12.345679\n");
  EXPECT_THROW(row.set_count(0, 1), std::logic_error);
}

// --- both passes over a real capture, as `analyze -w` runs them ---------------------------

class Recorder final : public FlowSink {
 public:
  explicit Recorder(report::FlowRecordFile& records) : records_(records) {}
  void flow_ended(const Flow& flow, const ConnRecord& record) override {
    report::FlowRecord r;
    r.conversation = conversation_key(flow, record);
    r.start = flow.start;
    r.set_uid(record.uid);
    records_.put(flow.serial, r);
    keys.insert({r.conversation.client.to_string() + ">" + r.conversation.server.to_string(),
                 std::to_string(r.conversation.port)});
    conversations.emplace(
        std::make_tuple(r.conversation.client, r.conversation.server, r.conversation.port, r.conversation.ip_proto),
        r.conversation);
  }
  std::set<std::pair<std::string, std::string>> keys;
  std::map<std::tuple<IpAddress, IpAddress, std::uint16_t, std::uint8_t>, ConversationKey> conversations;

 private:
  report::FlowRecordFile& records_;
};

// Counts the allocations made inside the observer it wraps.
class CountingObserver final : public PacketObserver {
 public:
  explicit CountingObserver(PacketObserver& inner) : inner_(inner) {}
  void on_packet(const RawFrame& frame, DecodeStatus status, const DecodedPacket* pkt, const Flow* flow) override {
    g_counting = true;
    inner_.on_packet(frame, status, pkt, flow);
    g_counting = false;
  }

 private:
  PacketObserver& inner_;
};

struct Frames {
  std::vector<RawFrame> meta;
  std::vector<std::vector<std::uint8_t>> bytes;
};

Frames read_all(const std::string& path) {
  Frames out;
  auto source = open_file_source(FileSourceOptions{path, ""});
  RawFrame f;
  while (source->next(f) == ReadStatus::frame) {
    out.meta.push_back(f);
    out.bytes.emplace_back(f.bytes.begin(), f.bytes.end());
  }
  return out;
}

TEST(AnnotatedPcapng, SecondPassWritesEveryPacketUnchangedWithoutAllocatingPerPacket) {
  const std::string input = std::string(GP_SOURCE_DIR) + "/pcaps/custom_application.pcap";
  const std::string output = gp::test::temp_path("annotated_unit.pcapng").string();
  PipelineOptions pipeline;
  report::FlowRecordFile records;
  Recorder recorder(records);
  report::InterfaceCollector interfaces;
  auto first_source = open_file_source(FileSourceOptions{input, ""});
  const CaptureSummary first = run_capture(*first_source, pipeline, recorder, &interfaces);
  ASSERT_GT(first.flows.flows_created, 10U);

  // Every conversation judged "custom_application" so each flow has a verdict.
  AnalysisResult result;
  for (const auto& [_, k] : recorder.conversations) {
    ConversationResult c;
    c.client = k.client;
    c.server = k.server;
    c.port = k.port;
    c.ip_proto = k.ip_proto;
    c.verdict.label = rules::Label::custom_application;
    result.conversations.push_back(c);
  }
  const AnnotationIndex index(result);
  report::AnnotatedPcapngStats stats;
  {
    report::PcapngWriter out(output);
    out.write_section_header("test");
    report::AnnotatedPcapngWriter writer(out, index, records, interfaces.interfaces());
    CountingObserver counting(writer);
    auto second_source = open_file_source(FileSourceOptions{input, ""});
    g_allocations = 0;
    const CaptureSummary second = run_capture(*second_source, pipeline, writer, &counting);
    EXPECT_TRUE(writer.error().empty()) << writer.error();
    EXPECT_EQ(second.frames, first.frames);
    EXPECT_EQ(writer.flows(), first.flows.flows_created);
    stats = writer.stats();
    out.flush();
    EXPECT_TRUE(out.ok()) << out.error();
    // A comment is built once per flow (a few allocations each), nothing per packet.
    EXPECT_LE(g_allocations.load(), 8 * first.flows.flows_created) << "over " << first.frames << " packets";
    EXPECT_GT(first.frames, 8 * first.flows.flows_created);  // so the bound above means something
  }
  EXPECT_EQ(stats.packets, first.frames);
  EXPECT_EQ(stats.flow_packets + stats.no_flow_packets, first.frames);
  EXPECT_EQ(stats.unjudged_packets, 0U);

  const Frames in = read_all(input);
  const Frames out = read_all(output);
  ASSERT_EQ(in.meta.size(), out.meta.size());
  for (std::size_t i = 0; i < in.meta.size(); ++i) {
    EXPECT_EQ(in.meta[i].ts, out.meta[i].ts) << "packet " << i + 1;
    EXPECT_EQ(in.meta[i].wire_len, out.meta[i].wire_len) << "packet " << i + 1;
    EXPECT_EQ(in.meta[i].link_type, out.meta[i].link_type) << "packet " << i + 1;
    EXPECT_EQ(in.bytes[i], out.bytes[i]) << "packet " << i + 1;
  }
  fs::remove(output);
}

TEST(AnnotatedPcapng, AnotherCaptureInTheSecondPassIsCaughtNotMislabelled) {
  const std::string first_input = std::string(GP_SOURCE_DIR) + "/pcaps/misconfiguration.pcap";
  const std::string second_input = std::string(GP_SOURCE_DIR) + "/pcaps/suspicious.pcap";
  const std::string output = gp::test::temp_path("annotated_mismatch.pcapng").string();
  PipelineOptions pipeline;
  report::FlowRecordFile records;
  Recorder recorder(records);
  report::InterfaceCollector interfaces;
  auto source = open_file_source(FileSourceOptions{first_input, ""});
  run_capture(*source, pipeline, recorder, &interfaces);
  const AnalysisResult result;
  const AnnotationIndex index(result);
  report::PcapngWriter out(output);
  out.write_section_header("");
  report::AnnotatedPcapngWriter writer(out, index, records, interfaces.interfaces());
  auto other = open_file_source(FileSourceOptions{second_input, ""});
  run_capture(*other, pipeline, writer, &writer);
  EXPECT_NE(writer.error().find("the capture changed between the two passes"), std::string::npos) << writer.error();
  fs::remove(output);
}

// The observer sees one flow per frame. When a frame creates two flows and reports the second
// (a tunnel's carrier and the packet inside it), the first waits for a packet of its own, or
// is forgotten when it ends: nothing is mislabelled, nothing piles up.
TEST(AnnotatedPcapng, AFlowCreatedUnderAnothersPacketKeepsItsOwnRecord) {
  const std::string output = gp::test::temp_path("annotated_set_aside.pcapng").string();
  report::FlowRecordFile records;
  const std::array<ConversationKey, 4> keys = {
      key("10.0.0.1", "10.0.0.2", 4789, 17), key("192.168.0.1", "192.168.0.2", 80, 6),
      key("10.0.0.3", "10.0.0.2", 4789, 17), key("192.168.0.3", "192.168.0.2", 80, 6)};
  AnalysisResult result;
  for (std::uint64_t serial = 0; serial < keys.size(); ++serial) {
    report::FlowRecord r;
    r.conversation = keys[serial];
    r.start = 100;
    r.set_uid("C" + std::to_string(serial));
    records.put(serial, r);
    ConversationResult c;
    c.client = keys[serial].client;
    c.server = keys[serial].server;
    c.port = keys[serial].port;
    c.ip_proto = keys[serial].ip_proto;
    c.verdict.label = rules::Label::custom_application;
    result.conversations.push_back(c);
  }
  const AnnotationIndex index(result);
  report::PcapngWriter out(output);
  out.write_section_header("");
  report::AnnotatedPcapngWriter writer(out, index, records, {{0U, 1}});
  std::array<Flow, 4> flows{};
  for (std::uint32_t i = 0; i < flows.size(); ++i) {
    flows[i].serial = i;
    flows[i].start = 100;
    flows[i].table_slot = i;
  }
  const std::vector<std::uint8_t> bytes(60, 0);
  RawFrame frame;
  frame.ts = 100;
  frame.bytes = bytes;
  frame.wire_len = 60;
  frame.link_type = 1;
  DecodedPacket pkt;
  writer.on_packet(frame, DecodeStatus::ok, &pkt, &flows[1]);  // creates 0 and 1, reports 1
  EXPECT_EQ(writer.set_aside(), 1U);
  writer.on_packet(frame, DecodeStatus::ok, &pkt, &flows[0]);  // 0's own packet, later
  EXPECT_EQ(writer.set_aside(), 0U);
  writer.on_packet(frame, DecodeStatus::ok, &pkt, &flows[3]);  // creates 2 and 3, reports 3
  EXPECT_EQ(writer.set_aside(), 1U);
  writer.flow_ended(flows[2], ConnRecord{});  // 2 ends without a packet of its own
  EXPECT_EQ(writer.set_aside(), 0U);
  EXPECT_TRUE(writer.error().empty()) << writer.error();
  EXPECT_EQ(writer.stats().flow_packets, 3U);
  EXPECT_EQ(writer.flows(), 4U);
  // A flow the first pass never had is still caught.
  Flow stranger;
  stranger.serial = 2;
  stranger.start = 100;
  stranger.table_slot = 2;
  writer.on_packet(frame, DecodeStatus::ok, &pkt, &stranger);
  EXPECT_NE(writer.error().find("has no record from the first pass"), std::string::npos);
  fs::remove(output);
}

}  // namespace
}  // namespace gp
