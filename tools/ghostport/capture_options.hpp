// Command-line options every capture-reading command shares (-r, BPF filter, --max-flows,
// timeouts, --dedup, --verify-checksums, -j, --one-thread, --parallel-files), registered once and turned into a
// PipelineOptions.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "capture/pipeline/independent_capture.hpp"
#include "capture/pipeline/run_capture.hpp"
#include "capture/source/packet_source.hpp"

namespace gp::cli {

struct CaptureOptions {
  std::vector<std::string> read_files;    // -r, once or more: several are merged by timestamp
  std::vector<std::string> filter_words;  // trailing BPF expression, as in tcpdump
  std::size_t max_flows = 131'072;
  double tcp_inactivity = 300;
  double udp_inactivity = 60;
  double icmp_inactivity = 60;
  std::string dedup;  // --dedup WINDOW ("1ms", "500us", "0.002"); empty: off
  bool verify_checksums = false;
  unsigned threads = 1;         // -j: worker threads, 0 for one per core
  bool one_thread = false;      // --one-thread: with -j 1, no read-ahead thread either
  bool parallel_files = false;  // several -r: each file on its own thread, as separate captures

  void add_to(CLI::App& cmd);
  std::string filter() const;
  // The input(s) as one source (MergedSource for several files); throws SourceError.
  std::unique_ptr<PacketSource> open() const;
  // How reports name the input: the file, or the files joined by ", ".
  std::string input_name() const;
  PipelineOptions pipeline() const;
  // The input(s) opened for run(): one source (open()), or with --parallel-files one per
  // file. Throws SourceError as open() does; commands open before they create any output.
  struct Input {
    std::unique_ptr<PacketSource> merged;
    std::vector<NamedSource> separate;
  };
  Input open_input() const;
  // Reads the input through the pipeline into `sink`: run_capture, or with --parallel-files
  // run_files_independently (no per-packet observer there).
  CaptureSummary run(Input input, FlowSink& sink, PacketObserver* observer = nullptr) const;
};

// The cores this process may run on (its affinity mask), at least 1: -j 0 and read-ahead.
unsigned usable_cores();

// A duration for --dedup: a number with a unit (s, ms, us, ns), or bare seconds as the
// timeouts take them. False unless it is above 0 and at most 60 s.
std::optional<TimeNs> parse_window(std::string_view text);

}  // namespace gp::cli
