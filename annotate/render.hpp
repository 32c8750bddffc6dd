// Renders an AnalysisResult: the terminal table an analyst reads, JSON / JSON Lines / CSV
// for tools, and --explain's full evidence for one port. Output is deterministic for a
// given result (sorted, no wall-clock values).
#pragma once

#include <optional>
#include <string>

#include "annotate/results.hpp"

namespace gp {

struct RenderOptions {
  bool only_orphaned = false;   // orphaned, unofficial and unassigned ports only
  bool conversations = false;   // one row per conversation instead of per port
  std::size_t limit = 0;        // table rows, 0 = all
};

std::string render_table(const AnalysisResult& r, const RenderOptions& o);
std::string render_json(const AnalysisResult& r, const RenderOptions& o);
std::string render_jsonl(const AnalysisResult& r, const RenderOptions& o);
std::string render_csv(const AnalysisResult& r, const RenderOptions& o);

// All evidence for one port (and transport, if given): registry facts are the caller's; this
// prints every conversation's verdict, fired rules and feature values. Empty if no traffic.
std::string render_explain(const AnalysisResult& r, std::uint16_t port, std::optional<std::string> transport);

}  // namespace gp
