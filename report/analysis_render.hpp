// Renders an AnalysisResult: the terminal table an analyst reads, JSON / JSON Lines / CSV
// for tools, and --explain's full evidence for one port. Output is deterministic for a
// given result (sorted, no wall-clock values).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "annotate/results.hpp"

namespace gp::report {

// Port order of the table, CSV, JSON and JSON Lines (--sort).
//   severity  suspicious, misconfiguration, custom_application, then scanner_noise, then
//             unknown; most confident first, then most flows (the default: triage order)
//   standing  orphaned, unofficial and unassigned ports first, then by flows
//   port      by port number, tcp before udp
//   flows     most flows first
enum class PortOrder : std::uint8_t { severity, standing, port, flows };
std::optional<PortOrder> parse_port_order(std::string_view name);

// -F: analyze's output formats.
enum class AnalysisFormat : std::uint8_t { table, json, jsonl, csv };
std::optional<AnalysisFormat> parse_analysis_format(std::string_view name);

struct RenderOptions {
  PortOrder sort = PortOrder::severity;
  bool only_orphaned = false;  // orphaned, unofficial and unassigned ports only
  bool conversations = false;  // one row per conversation instead of per port; JSON: add them
  std::size_t limit = 0;       // table rows, 0 = all
};

std::string render(const AnalysisResult& r, AnalysisFormat format, const RenderOptions& o);
std::string render_table(const AnalysisResult& r, const RenderOptions& o);
std::string render_json(const AnalysisResult& r, const RenderOptions& o);
std::string render_jsonl(const AnalysisResult& r, const RenderOptions& o);
std::string render_csv(const AnalysisResult& r, const RenderOptions& o);

// All evidence for one port (and transport, if given): registry facts are the caller's; this
// prints every conversation's verdict, fired rules and feature values. Empty if no traffic.
std::string render_explain(const AnalysisResult& r, std::uint16_t port, std::optional<std::string> transport);

}  // namespace gp::report
