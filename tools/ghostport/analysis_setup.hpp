// The options that shape the analysis engine (annotate/analysis_engine.hpp) and its printed
// result, shared by analyze, live and collect.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "annotate/analysis_engine.hpp"
#include "report/analysis_render.hpp"
#include "report/conversation_stream.hpp"
#include "classify/registry/port_registry.hpp"

namespace gp::cli {

struct AnalysisOptions {
  // --rules-dir, --scan-config and --max-conversations bind here; the commands set the rest
  // (-j's judge threads, --explain, collect's scan port table).
  EngineConfig engine;
  std::vector<std::string> rule_files;  // --rules: layered over the defaults, override by id

  void add_to(CLI::App& cmd);
  // `engine` with its rule layers: the config file's, then --rules.
  EngineConfig engine_config() const;
};

// How the analysis is printed, for analyze and collect alike: -F, --only-orphaned,
// --conversations, --limit.
struct ResultOutputOptions {
  std::string format = "table";  // table, json, jsonl or csv
  bool only_orphaned = false;
  bool conversations = false;
  std::size_t limit = 0;
  std::string sort = "severity";  // report::PortOrder

  void add_to(CLI::App& cmd);
  report::AnalysisFormat parsed_format() const;
  // --conversations in any format but the table: analyze writes them as they are judged
  // (report::ConversationStream) instead of keeping them all to the end.
  bool streams_conversations() const;
  std::string render(const AnalysisResult& result) const;
};

// Builds `engine` from the options (the shipped or --rules-dir rules, the config file's rule
// layers, then --rules); prints its problems (warnings with --verbose); returns an exit status.
int prepare_engine(AnalysisEngine& engine, const AnalysisOptions& options, const registry::PortRegistry& registry,
                   bool verbose);

}  // namespace gp::cli
