// Runs the capture pass over a file with a ScanDetector as the sink (tests only).
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "capture/pipeline/run_capture.hpp"
#include "classify/scan/scan_detector.hpp"
#include "tests/support/addresses.hpp"

namespace gp::test {

inline void run_scan(const std::string& path, scan::ScanDetector& detector) {
  scan::ScanSink sink(detector);
  auto source = open_file_source(FileSourceOptions{path, ""});
  run_capture(*source, PipelineOptions{}, sink);
  detector.finish();
}

struct LabelRow {
  std::string client, server, port, transport, label, scenario, tool;
};

inline std::vector<LabelRow> read_labels(const std::string& path) {
  std::vector<LabelRow> rows;
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) f.push_back(cell);
    if (f.size() < 7) continue;
    rows.push_back(LabelRow{f[0], f[1], f[2], f[3], f[4], f[5], f[6]});
  }
  return rows;
}

inline IpAddress addr(const std::string& text) { return test::ip(text); }

}  // namespace gp::test
