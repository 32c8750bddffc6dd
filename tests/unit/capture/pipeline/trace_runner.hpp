// Runs the whole capture pass over a trace from tests/data/external and keeps the records.
#pragma once

#include <string>
#include <vector>

#include "capture/pipeline/run_capture.hpp"

namespace gp::test {

struct TraceResult {
  std::vector<ConnRecord> records;
  CaptureSummary summary;
};

inline TraceResult run_trace(const std::string& relative, PipelineOptions options = {}) {
  struct Sink final : FlowSink {
    std::vector<ConnRecord>* out;
    void flow_ended(const Flow&, const ConnRecord& r) override { out->push_back(r); }
  };
  TraceResult result;
  Sink sink;
  sink.out = &result.records;
  auto source = open_file_source(FileSourceOptions{std::string(GP_TEST_DATA_DIR) + "/external/" + relative, ""});
  result.summary = run_capture(*source, options, sink);
  return result;
}

}  // namespace gp::test
