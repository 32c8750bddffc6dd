// The options that shape the analysis engine (annotate/analysis_engine.hpp) and its printed
// result, shared by analyze, live and collect.
#pragma once

#include "annotate/render.hpp"

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "annotate/analysis_engine.hpp"
#include "classify/registry/port_registry.hpp"

namespace gp::cli {

struct AnalysisOptions {
  std::vector<std::string> rule_files;  // --rules: layered over the defaults, override by id
  std::string rules_dir;                // --rules-dir: replaces the shipped default rules
  std::string scan_config;              // --scan-config: [scan] thresholds
  std::size_t max_conversations = TrafficModelConfig{}.max_conversations;  // --max-conversations
  // --explain: keep the feature values of this port's conversations (transport: any if unset).
  std::optional<std::uint16_t> explain_port;
  std::optional<std::string> explain_transport;
  // Threads that judge the conversations at the end (set from -j, not an option of its own).
  unsigned judge_threads = 1;
  // The scan detector's per-port table (scan::ScanConfig::port_table): only collect, whose
  // scan report lists ports, needs it.
  bool scan_port_table = false;

  void add_to(CLI::App& cmd);
  EngineConfig engine_config() const;  // with the config file's rule layers
};

// How the analysis is printed, for analyze and collect alike: -F, --only-orphaned,
// --conversations, --limit.
struct ResultOutputOptions {
  std::string format = "table";  // table, json, jsonl or csv
  bool only_orphaned = false;
  bool conversations = false;
  std::size_t limit = 0;
  std::string sort = "severity";  // render.hpp PortOrder

  void add_to(CLI::App& cmd);
  std::string render(const AnalysisResult& result) const;
};

// Builds `engine` from the options (the shipped or --rules-dir rules, the config file's rule
// layers, then --rules); prints its problems (warnings with --verbose); returns an exit status.
int prepare_engine(AnalysisEngine& engine, const AnalysisOptions& options, const registry::PortRegistry& registry,
                   bool verbose);

// engine.finish(), with a warning on stderr for every cap the analysis hit.
AnalysisResult finish_analysis(AnalysisEngine& engine);

}  // namespace gp::cli
