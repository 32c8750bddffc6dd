#include "tools/ghostport/analysis_setup.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "annotate/protocol_hooks.hpp"
#include "annotate/scan_info.hpp"
#include "classify/features/internal_networks.hpp"
#include "classify/scan/scan_config.hpp"
#include "rules/rule_loader.hpp"
#include "tools/ghostport/config_file.hpp"
#include "tools/ghostport/exit_codes.hpp"

namespace gp::cli {

void AnalysisOptions::add_to(CLI::App& cmd) {
  cmd.add_option("--rules", rule_files, "Extra rule file(s), layered over the defaults; a rule with a default's id replaces it");
  cmd.add_option("--rules-dir", rules_dir, "Use this directory's rules instead of the shipped ones")
      ->check(CLI::ExistingDirectory);
  cmd.add_option("--scan-config", scan_config, "TOML file with a [scan] table (scan detection thresholds)");
  cmd.add_option("--max-conversations", max_conversations,
                 "Most conversations (client -> server port) modelled, and so clients and services; flows past it are "
                 "counted and reported")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}))
      ->capture_default_str();
}

int AnalysisSetup::prepare(const AnalysisOptions& options, const registry::PortRegistry& registry, bool verbose) {
  rules::RuleLoader loader;
  loader.add_layer(options.rules_dir.empty() ? rules::default_rules_dir() : std::filesystem::path(options.rules_dir));
  for (const auto& f : cli_config().rules) loader.add_layer(f);  // the config file's, then --rules
  for (const auto& f : options.rule_files) loader.add_layer(f);
  for (const auto& d : loader.diagnostics().all()) {
    if (d.severity == Severity::error || verbose) fmt::print(stderr, "{}\n", format(d));
  }
  if (loader.diagnostics().error_count() > 0) {
    fmt::print(stderr, "ghostport: fix the rule errors above (check with: ghostport rules check FILE)\n");
    return exit_code::kError;
  }
  rules_ = std::move(loader).take();
  if (rules_.active_count() == 0) {
    fmt::print(stderr, "ghostport: no active rules loaded; every conversation would be 'unknown'\n");
    return exit_code::kError;
  }
  if (verbose) fmt::print(stderr, "ghostport: {} active rules\n", rules_.active_count());

  scan::ScanConfig scan_config;
  if (!options.scan_config.empty()) {
    if (const std::string err = scan::load_scan_config(options.scan_config, scan_config); !err.empty()) {
      fmt::print(stderr, "{}\n", err);
      return exit_code::kError;
    }
  }
  scan_config.port_table = options.scan_port_table;
  detector_ = std::make_unique<scan::ScanDetector>(scan_config, &registry);
  engine_ = std::make_unique<RuleVerdictEngine>(rules_);

  AnalyzerOptions a;
  a.model.max_conversations = options.max_conversations;
  // Every new client or service arrives with a new conversation, so tables as large as the
  // conversation cap still hold the client and service of every conversation judged: one
  // option bounds the whole model's memory.
  a.model.max_clients = std::min(a.model.max_clients, options.max_conversations);
  a.model.max_services = std::min(a.model.max_services, options.max_conversations);
  a.judge_threads = options.judge_threads;
  if (options.explain_port) {
    a.keep_features_for = [port = *options.explain_port, transport = options.explain_transport](
                              std::uint16_t p, std::uint8_t ip_proto) {
      return p == port && (!transport || transport_name(ip_proto) == *transport);
    };
  }
  a.registry = &registry;
  if (const registry::Site* site = registry.site(); site != nullptr && !site->internal_networks.empty()) {
    a.internal = InternalNetworks::from(site->internal_networks);
  }
  a.identify = identify_side;
  a.standard_port = protocol_is_standard_on;
  summary_options_ = a;
  summary_options_.keep_features_for = nullptr;
  scan::ScanDetector* detector = detector_.get();
  a.observe_flow = [detector](const Flow& flow, const ConnRecord& record) { detector->observe(flow, record); };
  a.scan_info = [detector, &registry](const IpAddress& client) {
    ClientScanInfo info = scan_info_of(detector->source(client));
    if (const registry::KnownScanner* k = registry.known_scanner(client)) {
      info.listed = true;
      info.listed_name = k->name;
    }
    return info;
  };
  analyzer_ = std::make_unique<TrafficAnalyzer>(std::move(a), *engine_);
  return exit_code::kOk;
}

void ResultOutputOptions::add_to(CLI::App& cmd) {
  cmd.add_option("-F,--format", format, "table, json, jsonl or csv")
      ->check(CLI::IsMember({"table", "json", "jsonl", "csv"}))
      ->capture_default_str();
  cmd.add_flag("--only-orphaned", only_orphaned, "Only orphaned, unofficial and unassigned ports");
  cmd.add_flag("--conversations", conversations, "One row per conversation (client -> server:port)");
  cmd.add_option("--limit", limit, "Table rows to print (0 = all)");
  cmd.add_option("--sort", sort,
                 "Port order: severity (suspicious, misconfiguration, custom_application, scanner_noise, unknown; "
                 "most confident first), standing (orphan-like ports first), port, or flows")
      ->check(CLI::IsMember({"severity", "standing", "port", "flows"}))
      ->capture_default_str();
}

std::string ResultOutputOptions::render(const AnalysisResult& result) const {
  RenderOptions options;
  options.only_orphaned = only_orphaned;
  options.conversations = conversations;
  options.limit = limit;
  options.sort = parse_port_order(sort).value_or(PortOrder::severity);
  if (format == "json") return render_json(result, options);
  if (format == "jsonl") return render_jsonl(result, options);
  if (format == "csv") return render_csv(result, options);
  return render_table(result, options);
}

std::unique_ptr<TrafficAnalyzer> AnalysisSetup::make_summary_analyzer() const {
  return std::make_unique<TrafficAnalyzer>(summary_options_, *engine_);
}

AnalysisResult AnalysisSetup::finish() {
  detector_->finish();
  AnalysisResult result = analyzer_->finish();
  result.scans.assign(detector_->episodes().begin(), detector_->episodes().end());
  if (result.unmodelled_flows > 0) {
    fmt::print(stderr,
               "ghostport: warning: {} flows were not judged: the traffic model holds at most {} conversations; "
               "raise --max-conversations (each costs up to about 2.5 KiB)\n",
               result.unmodelled_flows, result.max_conversations);
  }
  if (result.judged_without_statistics > 0) {
    fmt::print(stderr,
               "ghostport: warning: {} conversations were judged without their client's or service's statistics: "
               "the traffic model's client and service tables hold at most {} entries (the smaller of 200,000 and "
               "--max-conversations); their verdicts say so (model_table_full)\n",
               result.judged_without_statistics, result.max_clients);
  }
  return result;
}

}  // namespace gp::cli
