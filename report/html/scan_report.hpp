// The scan report: one JSON document built from a finished ScanDetector, and the HTML page
// rendered from that same document, so `-F json` and `-F html` can never disagree.
// The page is self-contained: inline CSS, inline SVG, no script, no external resource.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "classify/scan/scan_detector.hpp"
#include "classify/features/scan_chain.hpp"

namespace gp::report::html {

struct ScanReportMeta {
  std::string capture_file;       // as the user named it (escaped when rendered)
  std::string registry_source;    // which registry layer file was used, "" if none
  std::size_t top_ports = 25;     // ports listed and charted
  std::size_t top_scanners = 10;  // scanners in the timeline and heat map
  std::size_t heat_ports = 20;    // ports in the heat map
};

nlohmann::json build_scan_report(const scan::ScanDetector& detector, const ScanReportMeta& meta);

// The report's "scan_chains": scanners that then held a session on a port their scan found
// (the same list analyze prints), one object per chain.
nlohmann::json scan_chains_json(const std::vector<ScanChain>& chains);
std::string render_scan_report_html(const nlohmann::json& report);

}  // namespace gp::report::html
