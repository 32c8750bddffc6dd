// Broken and truncated real traces are read to their end (or to where the file stops)
// without a crash; the sanitizer build runs the same test.
#include <gtest/gtest.h>

#include <filesystem>

#include "capture/pipeline/run_capture.hpp"
#include "capture/source/packet_source.hpp"
#include "tests/support/addresses.hpp"
#include "tests/unit/capture/pipeline/trace_runner.hpp"
#include "tests/unit/capture/source/pcapng_builder.hpp"

namespace gp {

TEST(Robustness, EveryExternalZeekTraceIsReadWithoutCrash) {
  namespace fs = std::filesystem;
  const fs::path root = fs::path(GP_TEST_DATA_DIR) / "external/zeek";
  std::size_t traces = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const std::string ext = entry.path().extension().string();
    if (!entry.is_regular_file() || (ext != ".pcap" && ext != ".pcapng")) continue;
    const std::string rel = fs::relative(entry.path(), fs::path(GP_TEST_DATA_DIR) / "external").string();
    try {
      const test::TraceResult r = test::run_trace(rel);
      EXPECT_GE(r.summary.frames, r.summary.decode.ip_packets) << rel;
    } catch (const SourceError& e) {
      ADD_FAILURE() << rel << ": " << e.what();
    }
    ++traces;
  }
  EXPECT_GT(traces, 150U);
}

// A time past 2106 (a pcapng tick count no clock gives) is clamped, counted and warned about.
TEST(Robustness, ClampedTimestampsAreCountedAndWarnedAbout) {
  test::PcapngBuilder b;
  const test::PcapngBuilder::Bytes frame(60, 0);
  b.section().interface(1).enhanced(0, 1'700'000'000'000'000ULL, frame).enhanced(0, ~0ULL, frame);
  auto source = open_file_source(FileSourceOptions{b.write("clamped.pcapng"), ""});
  struct NullSink final : FlowSink {
    void flow_ended(const Flow&, const ConnRecord&) override {}
  } sink;
  const CaptureSummary s = run_capture(*source, PipelineOptions{}, sink);
  EXPECT_EQ(s.frames, 2U);
  EXPECT_EQ(s.clamped_timestamps, 1U);
  EXPECT_NE(format_summary(s).find("warning: 1 packet had a time before 1970 or after 2106"), std::string::npos)
      << format_summary(s);
}

TEST(Robustness, TruncatedHeadersBecomeNamedAnomalies) {
  const test::TraceResult r = test::run_trace("zeek/tcp/truncated-header.pcap");
  EXPECT_GT(r.summary.decode.get(Anomaly::truncated_tcp_header) + r.summary.decode.get(Anomaly::bad_tcp_header_length),
            0U);
}

TEST(Robustness, FloodOfSpoofedSynsStaysUnderTheFlowCap) {
  // Built in memory: 200,000 SYNs from distinct sources against a cap of 1,000 flows.
  struct CountingSink final : FlowSink {
    std::uint64_t ended = 0;
    void flow_ended(const Flow&, const ConnRecord&) override { ++ended; }
  } sink;
  FlowTableConfig config;
  config.max_flows = 1000;
  FlowTable table(config, sink);
  DecodedPacket p;
  p.ip_version = 4;
  p.protocol = ip_proto::kTcp;
  p.tcp.flags = tcp_flag::kSyn;
  p.dst_port = 3255;
  p.ip_len = 40;
  for (std::uint32_t i = 0; i < 200'000; ++i) {
    p.src = test::ipv4(i);
    p.src_port = static_cast<std::uint16_t>(1024 + i % 60000);
    p.tcp.seq = i * 2654435761U;
    p.ts = static_cast<TimeNs>(i) * 1000;  // 1 µs apart: timers never get a chance
    table.process(p);
    ASSERT_LE(table.size(), 250U);  // one-SYN flows hold a quarter of the cap
  }
  EXPECT_EQ(table.stats().flows_evicted, 199'750U);
  table.flush();
  EXPECT_EQ(sink.ended, 200'000U);
}

}  // namespace gp
