// `analyze -w FILE` and `analyze --log-dir DIR` (issue 10): annotations where analysts already
// look. The first pass (the ordinary analyze pass) records what each flow was filed under;
// once the verdicts exist, --log-dir writes conn.log and ports.log, and -w reads the capture a
// second time and writes every packet with its flow's verdict as a pcapng comment.
// Outputs are opened before the first pass, so a bad path fails in a second, not after an
// hour of reading.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>

#include "annotate/results.hpp"
#include "capture/pipeline/run_capture.hpp"
#include "classify/registry/load.hpp"
#include "tools/ghostport/analysis_setup.hpp"
#include "tools/ghostport/capture_options.hpp"
#include "tools/ghostport/registry_options.hpp"
#include "report/annotated_pcapng.hpp"
#include "report/annotation_logs.hpp"

namespace gp::cli {

struct AnnotationOutputOptions {
  std::string write_file;  // -w: annotated pcapng ("-": standard output)
  std::string log_dir;     // --log-dir: conn.log and ports.log
  std::string log_format;  // --log-format tsv|json; empty: json when -F json/jsonl, else tsv

  void add_to(CLI::App& cmd);
  bool any() const { return !write_file.empty() || !log_dir.empty(); }
};

// What the pcapng section comment says produced the file: version, input, rules, registry.
report::RunDescription describe_run(const CaptureOptions& capture, const AnalysisOptions& analysis,
                                    const RegistryOptions& registry, const registry::LoadResult& loaded);

class AnnotationOutputs {
 public:
  AnnotationOutputs();
  ~AnnotationOutputs();
  AnnotationOutputs(const AnnotationOutputs&) = delete;
  AnnotationOutputs& operator=(const AnnotationOutputs&) = delete;

  // Checks the options against the input (-w needs a file it can read twice) and opens the
  // outputs. Prints what is wrong and returns an exit status (0 = ready).
  int prepare(const AnnotationOutputOptions& options, const CaptureOptions& capture, const std::string& report_format);

  // True when -w writes to standard output, where the report would otherwise go.
  bool owns_stdout() const;

  // What the first pass feeds: `inner` (the analyzer) plus the per-flow records.
  FlowSink& first_pass_sink(FlowSink& inner);
  PacketObserver* first_pass_observer();

  // After the verdicts: writes the logs, then the annotated capture (second pass). Prints
  // what went wrong (and, unless `quiet`, what was written) and returns an exit status (0, or
  // 1 when an output could not be written).
  int finish(const AnalysisResult& result, report::RunDescription run, const CaptureSummary& first, bool quiet);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace gp::cli
