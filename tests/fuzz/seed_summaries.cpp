// Writes seeds for the summary fuzz target: the summaries a sensor would publish for real
// captures (every flow through SensorSummaries, cut every few seconds), one file each.
//
// usage: gp_fuzz_seed_summaries OUT_DIR CAPTURE...
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>

#include "annotate/traffic_analyzer.hpp"
#include "capture/pipeline/run_capture.hpp"
#include "capture/source/packet_source.hpp"
#include "rules/rule_set.hpp"
#include "tests/fuzz/no_verdicts.hpp"
#include "distribute/sensor_summaries.hpp"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: gp_fuzz_seed_summaries OUT_DIR CAPTURE...\n");
    return 2;
  }
  const std::filesystem::path out_dir(argv[1]);
  std::filesystem::create_directories(out_dir);
  const gp::fuzz::NoVerdicts engine;
  const gp::rules::RuleSet rules;
  int written = 0;
  for (int i = 2; i < argc; ++i) {
    try {
      auto source = gp::open_file_source({argv[i], ""});
      gp::distribute::SummaryOptions o;
      o.sensor = "seed";
      o.run = std::to_string(i);
      o.interval = 5'000'000'000;
      o.max_conversations = 40;  // small seeds: the fuzzer mutates them faster
      o.max_observations = 40;
      int n = 0;
      gp::distribute::SensorSummaries summaries(
          o, [&engine] { return std::make_unique<gp::TrafficAnalyzer>(gp::AnalyzerOptions{}, engine); }, rules,
          [&](const gp::distribute::SensorSummary& s) {
            if (n >= 4) return;  // a few per capture
            const std::string bytes = gp::distribute::encode_summary(s);
            std::ofstream out(out_dir / ("summary-" + std::to_string(i) + "-" + std::to_string(n++)), std::ios::binary);
            out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
            ++written;
          });
      gp::run_capture(*source, gp::PipelineOptions{}, summaries);
      summaries.finish();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "gp_fuzz_seed_summaries: %s: %s\n", argv[i], e.what());
    }
  }
  std::printf("%d seeds\n", written);
  return written > 0 ? 0 : 1;
}
