// Command-line options every capture-reading command shares (-r, BPF filter, --max-flows,
// timeouts), registered once and turned into a PipelineOptions.
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

  void add_to(CLI::App& cmd);
  std::string filter() const;
  PipelineOptions pipeline() const;
};

}  // namespace gp::cli
