#include "annotate/analysis_engine.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <filesystem>

#include "annotate/protocol_hooks.hpp"
#include "annotate/scan_info.hpp"
#include "classify/features/internal_networks.hpp"
#include "classify/scan/scan_config.hpp"
#include "common/ip_protocol.hpp"
#include "rules/rule_loader.hpp"

namespace gp {

bool AnalysisEngine::build(const EngineConfig& config, const registry::PortRegistry& registry, Diagnostics& diags) {
  rules::RuleLoader loader;
  const std::filesystem::path base =
      config.rules_dir.empty() ? rules::default_rules_dir() : std::filesystem::path(config.rules_dir);
  loader.add_layer(base);
  for (const auto& layer : config.rule_layers) loader.add_layer(layer);
  diags.append(loader.diagnostics());
  if (loader.diagnostics().error_count() > 0) return false;
  rules_ = std::move(loader).take();
  if (rules_.active_count() == 0) {
    diags.error({base.string(), 0, 0}, "no active rules loaded; every conversation would be 'unknown'");
    return false;
  }

  scan::ScanConfig scan_config;
  if (!config.scan_config.empty() && !scan::load_scan_config(config.scan_config, scan_config, diags)) return false;
  scan_config.port_table = config.scan_port_table;
  detector_ = std::make_unique<scan::ScanDetector>(scan_config, &registry);
  engine_ = std::make_unique<RuleVerdictEngine>(rules_);

  AnalyzerOptions a;
  a.model.max_conversations = config.max_conversations;
  // Every new client or service arrives with a new conversation, and a full model judges its
  // quietest conversations (forgetting hosts left without one) before taking another, so
  // tables as large as the conversation cap hold the client and service of every conversation
  // judged: one option bounds the whole model's memory.
  a.model.max_clients = config.max_conversations;
  a.model.max_services = config.max_conversations;
  a.judge_threads = config.judge_threads;
  a.keep_conversations = config.keep_conversations;
  a.on_judged = config.on_judged;
  a.judge_when_full = config.judge_when_full;
  if (config.explain_port) {
    a.keep_features_for = [port = *config.explain_port, transport = config.explain_transport](std::uint16_t p,
                                                                                              std::uint8_t ip_proto) {
      return p == port && (!transport || transport_name(ip_proto) == *transport);
    };
    if (config.keep_explained_only) a.keep_conversations_of = a.keep_features_for;
  }
  a.registry = &registry;
  if (const registry::Site* site = registry.site(); site != nullptr && !site->internal_networks.empty()) {
    a.internal = InternalNetworks::from(site->internal_networks);
  }
  a.identify = identify_side;
  a.standard_port = protocol_is_standard_on;
  summary_options_ = a;
  summary_options_.keep_features_for = nullptr;
  summary_options_.on_judged = nullptr;      // a summary's analyzer judges nothing for the output
  summary_options_.judge_when_full = false;  // a summary sends its conversations; the collector judges them
  scan::ScanDetector* detector = detector_.get();
  a.observe_flow = [detector](const Flow& flow, const ConnRecord& record) { detector->observe(flow, record); };
  // A listed research scanner is named whatever scan detection says.
  const auto with_listing = [&registry](ClientScanInfo info, const IpAddress& client) {
    if (const registry::KnownScanner* k = registry.known_scanner(client)) {
      info.listed = true;
      info.listed_name = k->name;
    }
    return info;
  };
  a.scan_info = [detector, with_listing](const IpAddress& client) {
    return with_listing(scan_info_of(detector->source(client)), client);
  };
  // Conversations judged before the end (the model full): the source's summary so far.
  a.scan_info_now = [detector, with_listing](const IpAddress& client) {
    const std::optional<scan::SourceSummary> so_far = detector->summary_so_far(client);
    return with_listing(scan_info_of(so_far ? &*so_far : nullptr), client);
  };
  analyzer_ = std::make_unique<TrafficAnalyzer>(std::move(a), *engine_);
  return true;
}

std::unique_ptr<TrafficAnalyzer> AnalysisEngine::make_summary_analyzer() const {
  return std::make_unique<TrafficAnalyzer>(summary_options_, *engine_);
}

AnalysisResult AnalysisEngine::finish() {
  detector_->finish();
  AnalysisResult result = analyzer_->finish(detector_->episodes());
  result.scans.assign(detector_->episodes().begin(), detector_->episodes().end());
  return result;
}

std::vector<std::string> capacity_warnings(const AnalysisResult& result) {
  std::vector<std::string> out;
  if (result.unmodelled_flows > 0) {
    out.push_back(fmt::format(
        "{} flows were not judged: the traffic model holds at most {} conversations; raise --max-conversations "
        "(each costs up to about 2.5 KiB)",
        result.unmodelled_flows, result.max_conversations));
  }
  if (result.judged_before_end > 0) {
    out.push_back(fmt::format(
        "{} conversations were judged before the end of the input: the traffic model holds at most {} "
        "conversations, so the quietest were judged on what was known then; their verdicts say so "
        "(judged_before_end); raise --max-conversations to judge them at the end (each costs about 400 bytes)",
        result.judged_before_end, result.max_conversations));
  }
  if (result.judged_before_end_untracked > 0) {
    out.push_back(fmt::format(
        "{} of them were past the first {} judged early, so their ports' top client and server come from the "
        "others, and their ports are listed even when only scanners touched them",
        result.judged_before_end_untracked, result.max_conversations));
  }
  if (result.judged_without_statistics > 0) {
    out.push_back(fmt::format(
        "{} conversations were judged without their client's or service's statistics: the traffic model's client "
        "and service tables hold at most {} entries (--max-conversations); their verdicts "
        "say so (model_table_full)",
        result.judged_without_statistics, result.max_clients));
  }
  if (result.scan_chains_left_out > 0) {
    out.push_back(fmt::format(
        "{} conversations judged before the end that could be scans followed by sessions were left out of that "
        "list: it keeps at most {} of them (--max-conversations)",
        result.scan_chains_left_out, result.max_conversations));
  }
  return out;
}

AnalysisResult finish_analysis(AnalysisEngine& engine) {
  AnalysisResult result = engine.finish();
  for (const std::string& warning : capacity_warnings(result)) fmt::print(stderr, "ghostport: warning: {}\n", warning);
  return result;
}

}  // namespace gp
