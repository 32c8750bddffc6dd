// The engine analyze, live and collect share: built from the shipped rules it runs a capture to
// analyze's labels; a bad rule layer or scan config stops it with every problem where it is.
#include "annotate/analysis_engine.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "capture/pipeline/run_capture.hpp"
#include "capture/source/packet_source.hpp"
#include "classify/registry/load.hpp"
#include "tests/support/shipped_registry.hpp"
#include "tests/support/temp_path.hpp"

namespace gp {
namespace {

using test::shipped_registry;

std::string write(const std::string& name, const std::string& text) {
  const auto path = test::temp_path(name);
  std::ofstream(path) << text;
  return path.string();
}

TEST(AnalysisEngine, RunsACaptureWithTheShippedRules) {
  AnalysisEngine engine;
  Diagnostics diags;
  ASSERT_TRUE(engine.build(EngineConfig{}, shipped_registry(), diags));
  EXPECT_EQ(diags.error_count(), 0U);
  EXPECT_GT(engine.rules().active_count(), 0U);
  auto source = open_file_source(FileSourceOptions{GP_SOURCE_DIR "/pcaps/misconfiguration.pcap", ""});
  run_capture(*source, PipelineOptions{}, engine.sink());
  const AnalysisResult result = engine.finish();
  ASSERT_FALSE(result.ports.empty());
  EXPECT_TRUE(capacity_warnings(result).empty());
}

// One option bounds the model: its client and service tables are as large as the conversation
// cap, whatever it is (they used to stop at 200,000 below a larger cap, leaving conversations
// past that without their client's statistics).
TEST(AnalysisEngine, ClientAndServiceTablesFollowTheConversationCap) {
  for (const std::size_t cap : {std::size_t{1000}, TrafficModelConfig{}.max_conversations, std::size_t{5'000'000}}) {
    AnalysisEngine engine;
    Diagnostics diags;
    EngineConfig config;
    config.max_conversations = cap;
    ASSERT_TRUE(engine.build(config, shipped_registry(), diags));
    const TrafficModelConfig& model = engine.analyzer().model().config();
    EXPECT_EQ(model.max_conversations, cap);
    EXPECT_EQ(model.max_clients, cap);
    EXPECT_EQ(model.max_services, cap);
  }
}

TEST(AnalysisEngine, ScanConfigProblemsAreAllReportedWhereTheyAre) {
  EngineConfig config;
  config.scan_config = write("scan.toml", "[scan]\nports_threshold = -1\nwindow_z = 3\nv4_prefix = 33\n");
  AnalysisEngine engine;
  Diagnostics diags;
  EXPECT_FALSE(engine.build(config, shipped_registry(), diags));
  ASSERT_EQ(diags.error_count(), 3U);
  EXPECT_EQ(format(diags.all()[0]),
            config.scan_config + ":2:19: error: bad value for 'ports_threshold' in [scan] (an integer 0-65535)");
  EXPECT_EQ(format(diags.all()[1]),
            config.scan_config + ":3:1: error: unknown key 'window_z' in [scan] (did you mean 'window_s'?)");
  EXPECT_EQ(format(diags.all()[2]),
            config.scan_config + ":4:13: error: bad value for 'v4_prefix' in [scan] (an integer 0-32)");
}

TEST(AnalysisEngine, ARuleLayerWithErrorsStopsIt) {
  EngineConfig config;
  config.rule_layers = {write("bad.toml", "[[rule]]\nid = \"x\"\nweight = \"heavy\"\n")};
  AnalysisEngine engine;
  Diagnostics diags;
  EXPECT_FALSE(engine.build(config, shipped_registry(), diags));
  ASSERT_GT(diags.error_count(), 0U);
  EXPECT_EQ(diags.all()[0].where.file, config.rule_layers[0]);
}

}  // namespace
}  // namespace gp
