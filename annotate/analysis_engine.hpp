// The analysis engine assembled in one place: the rule layers, scan detection, protocol
// identification and the traffic analyzer, wired as analyze, live and collect (and the tests)
// all use them. The CLI only turns options into an EngineConfig and prints what build() says.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "annotate/rule_verdicts.hpp"
#include "annotate/traffic_analyzer.hpp"
#include "classify/registry/port_registry.hpp"
#include "classify/scan/scan_detector.hpp"
#include "common/diagnostics.hpp"
#include "rules/rule_set.hpp"

namespace gp {

struct EngineConfig {
  std::string rules_dir;                 // the base rule layer; empty: rules::default_rules_dir()
  std::vector<std::string> rule_layers;  // files or directories layered over it, in order
  std::string scan_config;               // a TOML file with a [scan] table; empty: the defaults
  std::size_t max_conversations = TrafficModelConfig{}.max_conversations;
  // Keep the feature values of this port's conversations (--explain; transport: any if unset).
  std::optional<std::uint16_t> explain_port;
  std::optional<std::string> explain_transport;
  unsigned judge_threads = 1;  // threads that judge the conversations at the end
  // Whether the result lists every conversation (AnalyzerOptions::keep_conversations).
  bool keep_conversations = true;
  // Of those, only the explained port's (nothing but --explain reads them).
  bool keep_explained_only = false;
  // Where each conversation's result goes as it is judged (AnalyzerOptions::on_judged).
  ConversationCallback on_judged;
  // A full model judges its quietest conversations early (AnalyzerOptions::judge_when_full);
  // live starts a new epoch instead.
  bool judge_when_full = true;
  bool scan_port_table = false;  // scan::ScanConfig::port_table: only collect's report lists ports
};

class AnalysisEngine {
 public:
  // Loads the rules and the scan settings and wires the engine over `registry` (which must
  // outlive it). Every problem goes to `diags`; false when the engine cannot run (rule or scan
  // config errors, or no active rule).
  bool build(const EngineConfig& config, const registry::PortRegistry& registry, Diagnostics& diags);

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
  // --publish: an empty analyzer with this engine's rules and protocol identification, for the
  // flows of one published summary (no scan detection: the collector does that).
  std::unique_ptr<TrafficAnalyzer> make_summary_analyzer() const;

 private:
  rules::RuleSet rules_;
  std::unique_ptr<scan::ScanDetector> detector_;
  std::unique_ptr<RuleVerdictEngine> engine_;
  std::unique_ptr<TrafficAnalyzer> analyzer_;
  AnalyzerOptions summary_options_;
};

// What a finished analysis must tell its reader about caps it hit (flows not judged,
// conversations judged without their statistics): one line each, empty when none was hit.
std::vector<std::string> capacity_warnings(const AnalysisResult& result);

// engine.finish(), with "ghostport: warning: …" on stderr for each of those (analyze, collect
// and every epoch of live alike).
AnalysisResult finish_analysis(AnalysisEngine& engine);

}  // namespace gp
