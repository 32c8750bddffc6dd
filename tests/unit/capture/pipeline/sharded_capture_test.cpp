// run_capture with workers > 1 (sharded_capture.hpp) against the one-thread pass on real
// traces: the same flows, ended in the same order, with the same uids, and ICMP errors counted
// on the flow they quote even when that flow's packets went to another worker.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "tests/unit/capture/decode/frame_builder.hpp"
#include "tests/unit/capture/pipeline/trace_runner.hpp"

namespace gp {
namespace {

// Everything of a record that the workers could get wrong, as one comparable line.
std::string describe(const ConnRecord& r) {
  std::string tunnel;
  for (const auto& p : r.tunnel_parents) tunnel += p + ",";
  return r.uid + " " + std::to_string(r.start) + " " + r.history + " " + std::string(to_string(r.state)) + " " +
         std::to_string(r.orig_pkts) + "/" + std::to_string(r.resp_pkts) +
         " icmp_errors=" + std::to_string(r.icmp_errors) + " end=" + std::string(to_string(r.end)) + " " + tunnel;
}

std::vector<std::string> run(const std::string& trace, unsigned workers, CaptureSummary* summary = nullptr,
                             bool read_ahead = false) {
  PipelineOptions options;
  options.workers = workers;
  options.read_ahead = read_ahead;
  const test::TraceResult r = test::run_trace(trace, options);
  if (summary != nullptr) *summary = r.summary;
  std::vector<std::string> lines;
  for (const auto& record : r.records) lines.push_back(describe(record));
  return lines;
}

std::vector<std::string> traces_in(const std::string& folder) {
  std::vector<std::string> out;
  const std::string root = std::string(GP_TEST_DATA_DIR) + "/external/";
  for (const auto& entry : std::filesystem::directory_iterator(root + folder)) {
    if (entry.path().extension() == ".pcap") out.push_back(folder + "/" + entry.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(ShardedCapture, SameFlowsInTheSameOrderAsOneThread) {
  std::vector<std::string> traces = traces_in("zeek/icmp");
  for (const auto& t : traces_in("zeek/ipv4")) traces.push_back(t);
  for (const auto& t : traces_in("zeek/tcp")) traces.push_back(t);
  ASSERT_GT(traces.size(), 30U);
  for (const auto& trace : traces) {
    CaptureSummary one;
    const auto expected = run(trace, 1, &one);
    for (unsigned workers : {1U, 2U, 3U, 4U}) {
      CaptureSummary many;
      // One worker: the reader thread alone is new (read-ahead).
      EXPECT_EQ(run(trace, workers, &many, workers == 1), expected) << trace << " with " << workers << " workers";
      EXPECT_EQ(many.workers, workers);
      EXPECT_EQ(many.frames, one.frames) << trace;
      EXPECT_EQ(many.decode.ip_packets, one.decode.ip_packets) << trace;
      EXPECT_EQ(many.decode.anomalies, one.decode.anomalies) << trace;
      EXPECT_EQ(many.flows.flows_created, one.flows.flows_created) << trace;
      EXPECT_EQ(many.flows.icmp_errors_matched, one.flows.icmp_errors_matched) << trace;
      EXPECT_EQ(many.flows.icmp_errors_unmatched, one.flows.icmp_errors_unmatched) << trace;
      EXPECT_EQ(many.end, one.end) << trace;
    }
  }
}

// Frames built in memory, handed out in order.
class FrameListSource final : public PacketSource {
 public:
  explicit FrameListSource(std::vector<test::build::Bytes> frames) : frames_(std::move(frames)) {}
  ReadStatus next(RawFrame& frame) override {
    if (next_ == frames_.size()) return ReadStatus::end;
    const auto& bytes = frames_[next_++];
    frame = RawFrame{};
    frame.bytes = bytes;
    frame.wire_len = static_cast<std::uint32_t>(bytes.size());
    frame.link_type = 1;  // Ethernet
    frame.ts = static_cast<TimeNs>(next_) * 1'000'000;
    frame.number = next_;
    return ReadStatus::frame;
  }
  std::string error_message() const override { return {}; }
  int link_type() const override { return 1; }
  std::string description() const override { return "frames"; }

 private:
  std::vector<test::build::Bytes> frames_;
  std::size_t next_ = 0;
};

// Twenty UDP flows between different pairs of hosts, then a router (a third address) answers
// each with a time-exceeded error quoting it: the error's own pair and the quoted flow's pair
// differ, so with four workers most quotes must be matched on another worker than the error.
TEST(ShardedCapture, RouterErrorsQuotingFlowsOfOtherPairs) {
  using namespace test::build;
  using Frame = test::build::Bytes;
  std::vector<Frame> frames;
  std::vector<Frame> errors;
  for (int i = 0; i < 20; ++i) {
    const std::string client = "10.1.0." + std::to_string(i + 1);
    const std::string server = "10.2.0." + std::to_string(i + 1);
    const auto port = static_cast<std::uint16_t>(5000 + i);
    const Frame datagram = ipv4(ip_proto::kUdp, udp(40000, port, Frame(8, 0x41)), Ip4{client, server});
    frames.push_back(eth4(datagram));
    // Time exceeded in transit (checksum not checked), quoting the IP header + 8 bytes. Sized
    // once: GCC 12 at -O3 warns (-Warray-bounds) on an insert that grows an 8-byte vector.
    Frame icmp(8 + 28, 0);
    icmp[0] = 11;
    std::copy_n(datagram.begin(), 28, icmp.begin() + 8);
    errors.push_back(eth4(ipv4(ip_proto::kIcmp, icmp, Ip4{"10.255.0.1", client})));
  }
  frames.insert(frames.end(), errors.begin(), errors.end());

  const auto run_frames = [&](unsigned workers, CaptureSummary& summary) {
    struct Sink final : FlowSink {
      std::vector<std::string> lines;
      void flow_ended(const Flow&, const ConnRecord& r) override { lines.push_back(describe(r)); }
    } sink;
    FrameListSource source(frames);
    PipelineOptions options;
    options.workers = workers;
    summary = run_capture(source, options, sink);
    return sink.lines;
  };
  CaptureSummary one;
  CaptureSummary many;
  const auto expected = run_frames(1, one);
  EXPECT_EQ(one.flows.icmp_errors_matched, 20U);
  EXPECT_EQ(run_frames(4, many), expected);
  EXPECT_EQ(many.flows.icmp_errors_matched, 20U);
  EXPECT_EQ(many.flows.icmp_errors_unmatched, 0U);
}

TEST(ShardedCapture, TruncatedCaptureKeepsWhatWasRead) {
  CaptureSummary one;
  const auto expected = run("zeek/tcp/truncated-header.pcap", 1, &one);
  for (unsigned workers : {1U, 2U}) {
    CaptureSummary many;
    EXPECT_EQ(run("zeek/tcp/truncated-header.pcap", workers, &many, workers == 1), expected);
    EXPECT_EQ(many.error, one.error);
    EXPECT_EQ(many.end, one.end);
  }
}

// Read-ahead reads on a thread of its own and hands the sink its flows on the calling thread;
// without it, everything happens on the calling thread.
TEST(ShardedCapture, ReadAheadReadsOnAnotherThread) {
  using namespace test::build;
  // FrameListSource's frames, noting the thread that asked for them.
  struct ThreadSource final : PacketSource {
    explicit ThreadSource(std::vector<test::build::Bytes> frames) : list(std::move(frames)) {}
    FrameListSource list;
    std::thread::id reader;
    ReadStatus next(RawFrame& frame) override {
      reader = std::this_thread::get_id();
      return list.next(frame);
    }
    std::string error_message() const override { return list.error_message(); }
    int link_type() const override { return list.link_type(); }
    std::string description() const override { return list.description(); }
  };
  struct ThreadSink final : FlowSink {
    std::vector<std::thread::id> callers;
    void flow_ended(const Flow&, const ConnRecord&) override { callers.push_back(std::this_thread::get_id()); }
  };
  for (bool read_ahead : {false, true}) {
    std::vector<test::build::Bytes> frames;
    for (int i = 0; i < 3; ++i) {
      frames.push_back(
          eth4(ipv4(ip_proto::kUdp, udp(40000, static_cast<std::uint16_t>(5000 + i), test::build::Bytes(8, 0x41)),
                    Ip4{"10.1.0.1", "10.2.0.1"})));
    }
    ThreadSource source(std::move(frames));
    ThreadSink sink;
    PipelineOptions options;
    options.read_ahead = read_ahead;
    const CaptureSummary summary = run_capture(source, options, sink);
    EXPECT_EQ(summary.frames, 3U);
    EXPECT_EQ(summary.workers, 1U);
    ASSERT_EQ(sink.callers.size(), 3U);
    for (const auto& id : sink.callers) EXPECT_EQ(id, std::this_thread::get_id());
    EXPECT_EQ(source.reader != std::this_thread::get_id(), read_ahead);
  }
}

}  // namespace
}  // namespace gp
