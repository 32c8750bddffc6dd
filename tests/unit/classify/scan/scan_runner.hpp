// Test helpers for scan detection: the capture pass over a file with a ScanDetector as the sink,
// the labels CSV beside a recorded capture, and a completed session fed by hand.
#pragma once

#include <cstdint>
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

// One TCP connection as the flow table would record it, from port `sport` to `dport`: the
// scan tests' probes and sessions differ only in these fields (and the session's bytes).
struct TcpRecordShape {
  std::uint16_t sport = 40000;
  const char* history = "Sr";
  ConnState state = ConnState::REJ;
  std::uint64_t orig_pkts = 1;
  std::uint64_t resp_pkts = 1;
  TimeNs duration = 0;
};

inline ConnRecord tcp_record(const std::string& src, const std::string& dst, std::uint16_t dport, TimeNs t,
                             const TcpRecordShape& shape = {}) {
  ConnRecord r;
  r.orig_h = ip(src);
  r.resp_h = ip(dst);
  r.orig_p = shape.sport;
  r.resp_p = dport;
  r.ip_proto = 6;
  r.history = shape.history;
  r.state = shape.state;
  r.orig_pkts = shape.orig_pkts;
  r.resp_pkts = shape.resp_pkts;
  r.start = t;
  r.last = t + shape.duration;
  return r;
}

// The originator's first segment: a plain SYN with a common window (no tool's fingerprint).
inline FlowEvidence plain_syn() {
  FlowEvidence e;
  e.first_orig_segment.present = true;
  e.first_orig_segment.flags = 0x02;
  e.first_orig_segment.window = 64240;
  return e;
}

// A completed TCP session with data both ways: no probe.
inline void session(scan::ScanDetector& d, const std::string& src, const std::string& dst, std::uint16_t port,
                    TimeNs t) {
  ConnRecord r = tcp_record(src, dst, port, t, {50000, "ShADadFf", ConnState::SF, 5, 5, kSecond});
  r.orig_bytes = 300;
  r.resp_bytes = 900;
  d.observe(r, plain_syn());
}

}  // namespace gp::test
