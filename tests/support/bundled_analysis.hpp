// A bundled capture (pcaps/NAME) analysed as `ghostport analyze` does: an AnalysisEngine from
// the shipped rules and registry, one pass, finish().
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "annotate/analysis_engine.hpp"
#include "capture/pipeline/run_capture.hpp"
#include "capture/source/packet_source.hpp"
#include "tests/support/shipped_registry.hpp"

namespace gp::test {

inline AnalysisResult analyze_bundled(const std::string& capture, const EngineConfig& config = {}) {
  AnalysisEngine engine;
  Diagnostics diags;
  EXPECT_TRUE(engine.build(config, shipped_registry(), diags));
  auto source = open_file_source(FileSourceOptions{GP_SOURCE_DIR "/pcaps/" + capture, ""});
  run_capture(*source, PipelineOptions{}, engine.sink());
  return engine.finish();
}

}  // namespace gp::test
