// What changed between two `ghostport analyze -F json` results (issue 13): `ghostport diff
// OLD.json NEW.json` and `analyze --baseline OLD.json`. Pure functions of the two documents.
//
//   changed      ports in both whose label or standing differs
//   new_ports    orphan-like ports (orphaned, unofficial, unassigned) with traffic in NEW only
//   new_scanners scan sources ("scans") in NEW that OLD did not have
//   quiet_ports  ports with traffic in OLD and none in NEW
// Ports only scanners touched (label scanner_noise) are not listed one by one as new or
// quiet: a scan is one change, under new_scanners. A document without "scans" (written
// before scan episodes existed) has no scanners.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "annotate/results.hpp"

namespace gp::report {

// Reads an analyze -F json document; nullopt and a one-line error for the user in `why` when
// it is not one.
std::optional<nlohmann::json> load_analysis_json(const std::string& path, std::string& why);

nlohmann::ordered_json diff_analyses(const nlohmann::json& old_doc, const nlohmann::json& new_doc);

// The diff as the terminal shows it: one section per kind of change, "none" when empty.
// Whether the diff lists any change (diff's exit status: exit_code::kChanged).
bool diff_has_changes(const nlohmann::ordered_json& diff);

std::string render_diff_table(const nlohmann::ordered_json& diff, const std::string& old_name,
                              const std::string& new_name);

// analyze --baseline OLD.json: `text` is analyze's output in `format` (table or json); the
// changes from `baseline` to `result` are appended to the table, or added to the JSON
// document as "changes".
void add_baseline_changes(std::string& text, const std::string& format, const AnalysisResult& result,
                          const nlohmann::json& baseline, const std::string& baseline_name,
                          const std::string& capture_name);

}  // namespace gp::report
