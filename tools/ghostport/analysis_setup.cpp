#include "tools/ghostport/analysis_setup.hpp"

#include <fmt/core.h>

#include "tools/ghostport/config_file.hpp"
#include "common/exit_status.hpp"

namespace gp::cli {

void AnalysisOptions::add_to(CLI::App& cmd) {
  cmd.add_option("--rules", rule_files,
                 "Extra rule file(s), layered over the defaults; a rule with a default's id replaces it");
  cmd.add_option("--rules-dir", engine.rules_dir, "Use this directory's rules instead of the shipped ones")
      ->check(CLI::ExistingDirectory);
  cmd.add_option("--scan-config", engine.scan_config, "TOML file with a [scan] table (scan detection thresholds)");
  cmd.add_option("--max-conversations", engine.max_conversations,
                 "Most conversations (client -> server port) modelled, and so clients and services; flows past it are "
                 "counted and reported")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}))
      ->capture_default_str();
}

EngineConfig AnalysisOptions::engine_config() const {
  EngineConfig c = engine;
  c.rule_layers = cli_config().rules;  // the config file's, then --rules
  c.rule_layers.insert(c.rule_layers.end(), rule_files.begin(), rule_files.end());
  return c;
}

int prepare_engine(AnalysisEngine& engine, const AnalysisOptions& options, const registry::PortRegistry& registry,
                   bool verbose) {
  Diagnostics diags;
  const bool ready = engine.build(options.engine_config(), registry, diags);
  for (const auto& d : diags.all()) {
    if (d.severity == Severity::error || verbose) fmt::print(stderr, "{}\n", format(d));
  }
  if (!ready) {
    fmt::print(stderr, "ghostport: fix the errors above (rule files: ghostport rules check FILE)\n");
    return exit_code::kError;
  }
  if (verbose) fmt::print(stderr, "ghostport: {} active rules\n", engine.rules().active_count());
  return exit_code::kOk;
}

void ResultOutputOptions::add_to(CLI::App& cmd) {
  cmd.add_option("-F,--format", format, "table, json, jsonl or csv")
      ->check(CLI::IsMember({"table", "json", "jsonl", "csv"}))
      ->capture_default_str();
  cmd.add_flag("--only-orphaned", only_orphaned, "Only orphaned, unofficial and unassigned ports");
  cmd.add_flag("--conversations", conversations,
               "One row per conversation (client -> server:port); with -F json, the conversations beside the ports. "
               "Except in the table, each is written as it is judged, not kept to the end");
  cmd.add_option("--limit", limit, "Table rows to print (0 = all)");
  cmd.add_option("--sort", sort,
                 "Port order: severity (suspicious, misconfiguration, custom_application, scanner_noise, unknown; "
                 "most confident first), standing (orphan-like ports first), port, or flows")
      ->check(CLI::IsMember({"severity", "standing", "port", "flows"}))
      ->capture_default_str();
}

report::AnalysisFormat ResultOutputOptions::parsed_format() const {
  return report::parse_analysis_format(format).value_or(report::AnalysisFormat::table);
}

bool ResultOutputOptions::streams_conversations() const {
  return conversations && report::ConversationStream::streams(parsed_format());
}

std::string ResultOutputOptions::render(const AnalysisResult& result) const {
  report::RenderOptions options;
  options.only_orphaned = only_orphaned;
  options.conversations = conversations;
  options.limit = limit;
  options.sort = report::parse_port_order(sort).value_or(report::PortOrder::severity);
  return report::render(result, parsed_format(), options);
}

}  // namespace gp::cli
