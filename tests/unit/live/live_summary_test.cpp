// The live summary (issue 12): SPAN copies counted twice are said every interval, with the
// --dedup that would drop them, and are in the stats event; copies dropped by --dedup are
// counted. The counters come from a real pipeline fed a bundled capture with every frame twice.
#include "live/live_summary.hpp"

#include <gtest/gtest.h>

#include <string>

#include "capture/pipeline/packet_pipeline.hpp"
#include "capture/pipeline/run_capture.hpp"
#include "capture/source/packet_source.hpp"

namespace gp::live {
namespace {

class NoSink : public FlowSink {
 public:
  void flow_ended(const Flow& /*flow*/, const ConnRecord& /*record*/) override {}
};

// pcaps/mixed.pcap through a pipeline, every frame handed over twice as a SPAN port mirroring
// both directions would; the duplicate counters at the end.
DuplicateCounters counters_with_every_frame_twice(const PipelineOptions& options) {
  NoSink sink;
  PacketPipeline pipeline(options, sink);
  auto source = open_file_source(FileSourceOptions{std::string(GP_SOURCE_DIR) + "/pcaps/mixed.pcap", ""});
  RawFrame frame;
  while (source->next(frame) == ReadStatus::frame) {
    pipeline.process(frame);
    pipeline.process(frame);
  }
  pipeline.finish();
  return pipeline.decode_counters().duplicates;
}

TEST(LiveSummary, CopiesCountedTwiceAreSaidWithTheDedupThatDropsThem) {
  SummaryInput in;
  in.interface = "span0";
  in.duplicates = counters_with_every_frame_twice(PipelineOptions{});
  ASSERT_TRUE(in.duplicates.kept());
  ASSERT_GT(in.duplicates.seen_kept, 1000U);
  const std::string text = format_summary_text(in);
  EXPECT_NE(text.find("packets were exact copies of one seen less than 1ms before"), std::string::npos) << text;
  EXPECT_NE(text.find("restart with --dedup 1ms"), std::string::npos) << text;
  const Event e = summary_event(in);
  EXPECT_EQ(e["duplicates_kept"], in.duplicates.seen_kept);
  EXPECT_EQ(e["duplicates_dropped"], 0U);
}

TEST(LiveSummary, CopiesDroppedByDedupAreCounted) {
  PipelineOptions options;
  options.decoder.dedup_window = 2'000'000;  // --dedup 2ms
  SummaryInput in;
  in.duplicates = counters_with_every_frame_twice(options);
  ASSERT_FALSE(in.duplicates.kept());
  ASSERT_GT(in.duplicates.dropped, 1000U);
  const std::string text = format_summary_text(in);
  EXPECT_NE(text.find("dropped by --dedup 2ms"), std::string::npos) << text;
  EXPECT_EQ(text.find("restart with"), std::string::npos) << text;
  const Event e = summary_event(in);
  EXPECT_EQ(e["duplicates_dropped"], in.duplicates.dropped);
  EXPECT_EQ(e["duplicates_kept"], 0U);
}

TEST(LiveSummary, NoCopiesNoLine) {
  SummaryInput in;
  in.duplicates.watch_window = 1'000'000;  // --dedup off, watching, nothing seen
  EXPECT_EQ(format_summary_text(in).find("duplicates"), std::string::npos);
}

}  // namespace
}  // namespace gp::live
