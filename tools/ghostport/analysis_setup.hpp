// Everything `analyze` (and later `live`) needs around the flow table: the rules, scan
// detection, protocol identification and the annotation engine, wired together once.
#pragma once

#include "annotate/render.hpp"

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "annotate/rule_verdicts.hpp"
#include "annotate/traffic_analyzer.hpp"
#include "classify/registry/port_registry.hpp"
#include "classify/scan/scan_detector.hpp"
#include "rules/rule_set.hpp"

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

class AnalysisSetup {
 public:
  // Loads rules and scan settings; prints problems; returns an exit status (0 = ready).
  int prepare(const AnalysisOptions& options, const registry::PortRegistry& registry, bool verbose);
  FlowSink& sink() { return *analyzer_; }
  // Finishes scan detection, then judges every conversation.
  AnalysisResult finish();
  const scan::ScanDetector& scans() const { return *detector_; }
  // ghostport live: the same engine asked while flows keep arriving (judge_now; the scan
  // episode listener and advance()).
  const TrafficAnalyzer& analyzer() const { return *analyzer_; }
  scan::ScanDetector& live_scans() { return *detector_; }
  // ghostport collect: the engine that sensors' summaries are merged into.
  TrafficAnalyzer& merge_target() { return *analyzer_; }
  const rules::RuleSet& rules() const { return rules_; }
  // --publish: an empty analyzer with this run's rules and protocol identification, for the
  // flows of one published summary (no scan detection: the collector does that).
  std::unique_ptr<TrafficAnalyzer> make_summary_analyzer() const;

 private:
  rules::RuleSet rules_;
  std::unique_ptr<scan::ScanDetector> detector_;
  std::unique_ptr<RuleVerdictEngine> engine_;
  std::unique_ptr<TrafficAnalyzer> analyzer_;
  AnalyzerOptions summary_options_;
};

}  // namespace gp::cli
