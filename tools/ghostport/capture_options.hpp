// Command-line options every capture-reading command shares (-r, BPF filter, --max-flows,
// timeouts, --dedup, --verify-checksums), registered once and turned into a PipelineOptions.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "capture/pipeline/run_capture.hpp"

namespace gp::cli {

struct CaptureOptions {
  std::string read_file;
  std::vector<std::string> filter_words;  // trailing BPF expression, as in tcpdump
  std::size_t max_flows = 500'000;
  double tcp_inactivity = 300;
  double udp_inactivity = 60;
  double icmp_inactivity = 60;
  std::string dedup;  // --dedup WINDOW ("1ms", "500us", "0.002"); empty: off
  bool verify_checksums = false;

  void add_to(CLI::App& cmd);
  std::string filter() const;
  PipelineOptions pipeline() const;
};

// A duration for --dedup: a number with a unit (s, ms, us, ns), or bare seconds as the
// timeouts take them. False unless it is above 0 and at most 60 s.
bool parse_window(std::string_view text, TimeNs& out);

}  // namespace gp::cli
