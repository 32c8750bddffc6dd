// `ghostport scan-report`: who scanned us, how, with which tool, and what answered — one
// self-contained HTML page (default) or the same content as JSON. A thin shell over
// classify/scan (detection) and report/html (the page).
#include <fmt/core.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "annotate/scan_info.hpp"
#include "capture/pipeline/run_capture.hpp"
#include "classify/features/conversation_features.hpp"
#include "classify/features/orientation.hpp"
#include "classify/features/scan_chain.hpp"
#include "classify/registry/load.hpp"
#include "classify/scan/scan_detector.hpp"
#include "tools/ghostport/capture_options.hpp"
#include "tools/ghostport/commands.hpp"
#include "common/exit_status.hpp"
#include "tools/ghostport/output_file.hpp"
#include "report/html/scan_report.hpp"

namespace gp::cli {
namespace {

namespace reg = gp::registry;

// Feeds scan detection, and a traffic model for the scans followed by sessions. A full model
// forgets its quietest conversations as analyze judges them early, keeping those that may be
// chains (a scanner's accepted probe) until the end.
class ScanReportSink final : public FlowSink {
 public:
  ScanReportSink(scan::ScanDetector& detector, TrafficModel& model, EarlierScanChains& earlier)
      : detector_(detector), model_(model), earlier_(earlier) {}
  void flow_ended(const Flow& flow, const ConnRecord& record) override {
    detector_.observe(flow, record);
    const Orientation o = orient(flow, record);
    if (model_.conversations().size() >= model_.config().max_conversations &&
        !model_.conversations().contains(ConversationKey{o.client, o.server, o.port, o.ip_proto})) {
      forget_quietest();
    }
    model_.add(flow, record, 0, 0);
  }

 private:
  void forget_quietest() {
    const auto quietest = model_.quietest_eighth();
    std::vector<ConversationKey> keys;
    keys.reserve(quietest.size());
    const auto scans_so_far = [this](const IpAddress& client) {
      const std::optional<scan::SourceSummary> so_far = detector_.summary_so_far(client);
      return scan_info_of(so_far ? &*so_far : nullptr).scanner;
    };
    for (const auto* entry : quietest) {
      earlier_.note_leaving(model_, entry->first, entry->second, scans_so_far);
      keys.push_back(entry->first);
    }
    for (const ConversationKey& key : keys) model_.erase_conversation(key);
  }

  scan::ScanDetector& detector_;
  TrafficModel& model_;
  EarlierScanChains& earlier_;
};

struct ScanReportCommand {
  CaptureOptions capture;
  std::string output = "-";
  std::string format = "html";
  std::string registry, nmap_services, site, folklore, scan_config;
  std::size_t top_ports = 25;
  std::size_t top_scanners = 10;
  std::size_t max_conversations = TrafficModelConfig{}.max_conversations;
  bool quiet = false;
};

std::optional<reg::PortRegistry> load_registry(const ScanReportCommand& cmd, std::string& source) {
  reg::LoadOptions load;
  if (!cmd.registry.empty()) load.registry_csv = cmd.registry;
  if (!cmd.nmap_services.empty()) load.nmap_services = cmd.nmap_services;
  if (!cmd.site.empty()) load.site = cmd.site;
  if (!cmd.folklore.empty()) load.folklore_dir = cmd.folklore;
  auto loaded = reg::load_registry(load);
  if (!cmd.quiet) {
    for (const auto& n : loaded.notices) fmt::print(stderr, "ghostport: {}\n", n);
  }
  for (const auto& d : loaded.diagnostics.all()) {
    if (d.severity == Severity::error) fmt::print(stderr, "{}\n", format(d));
  }
  source = loaded.registry_source;
  return std::move(loaded.registry);
}

int run_scan_report(const ScanReportCommand& cmd) {
  if (cmd.format != "html" && cmd.format != "json") {
    fmt::print(stderr, "ghostport scan-report: unknown format '{}'; use html or json\n", cmd.format);
    return exit_code::kUsage;
  }
  scan::ScanConfig config;
  if (!cmd.scan_config.empty()) {
    Diagnostics diags;
    const bool loaded = scan::load_scan_config(cmd.scan_config, config, diags);
    for (const auto& d : diags.all()) fmt::print(stderr, "{}\n", format(d));
    if (!loaded) return exit_code::kUsage;
  }
  std::string registry_source;
  const auto registry = load_registry(cmd, registry_source);

  auto input = cmd.capture.open_input();
  scan::ScanDetector detector(config, registry ? &*registry : nullptr);
  TrafficModel model(TrafficModelConfig{.max_conversations = cmd.max_conversations,
                                        .max_clients = cmd.max_conversations,
                                        .max_services = cmd.max_conversations});
  EarlierScanChains earlier(cmd.max_conversations);
  ScanReportSink sink(detector, model, earlier);
  const CaptureSummary summary = cmd.capture.run(std::move(input), sink);
  detector.finish();
  // The same scanners analyze names: not backscatter victims, not listed research networks.
  const auto chains = find_scan_chains(
      model, [&detector](const IpAddress& a) { return scan_info_of(detector.source(a)); }, &earlier);

  report::html::ScanReportMeta meta;
  meta.capture_file = cmd.capture.input_name();
  meta.registry_source = registry_source;
  meta.top_ports = cmd.top_ports;
  meta.top_scanners = cmd.top_scanners;
  auto report = report::html::build_scan_report(detector, meta);
  report["scan_chains"] = report::html::scan_chains_json(chains);
  const std::string text = cmd.format == "json" ? report.dump(2) + "\n" : report::html::render_scan_report_html(report);

  const bool ok = write_output(cmd.output, text);
  if (!cmd.quiet || !summary.error.empty()) {
    fmt::print(stderr, "{}", format_summary(summary));
    fmt::print(stderr,
               "ghostport scan-report: {} scan(s) by {} scanner(s), {} distributed network(s), {} probe(s) -> {}\n",
               detector.episodes().size(), report["summary"]["scanners"].get<std::size_t>(), detector.networks().size(),
               detector.stats().probes, cmd.output == "-" ? "stdout" : cmd.output);
  }
  if (earlier.left_out() > 0) {
    fmt::print(stderr,
               "ghostport scan-report: warning: {} conversations that could be scans followed by sessions were left "
               "out of that list: it keeps at most {} that left the traffic model early (--max-conversations)\n",
               earlier.left_out(), cmd.max_conversations);
  }
  if (!ok) {
    fmt::print(stderr, "ghostport scan-report: error: could not write '{}'\n", cmd.output);
    return exit_code::kError;
  }
  return summary.end == ReadStatus::end ? exit_code::kOk : exit_code::kPartialInput;
}

}  // namespace

void add_scan_report_command(CLI::App& app) {
  auto cmd = std::make_shared<ScanReportCommand>();
  CLI::App* sub = app.add_subcommand("scan-report", "Who scanned us, how, with which tool, and what answered");
  cmd->capture.add_to(*sub);
  sub->add_option("-o,--output", cmd->output, "Output file (- for stdout)")->capture_default_str();
  sub->add_option("-F,--format", cmd->format, "html (self-contained page) or json (same content)")
      ->capture_default_str();
  sub->add_option("--registry", cmd->registry, "IANA service-names-port-numbers.csv (port standings)");
  sub->add_option("--nmap-services", cmd->nmap_services, "nmap-services file (observed usage)");
  sub->add_option("--site", cmd->site, "Site TOML (internal networks, known applications, its own scanners)");
  sub->add_option("--folklore", cmd->folklore, "Folklore directory (default: rules/ports)");
  sub->add_option("--scan-config", cmd->scan_config, "TOML file with a [scan] table (thresholds, window, memory)");
  sub->add_option("--top-ports", cmd->top_ports, "Ports listed and charted")->capture_default_str();
  sub->add_option("--top-scanners", cmd->top_scanners, "Scanners in the timeline and heat map")->capture_default_str();
  sub->add_option("--max-conversations", cmd->max_conversations,
                  "Most conversations held for the scans followed by sessions; past it the quietest are set aside, "
                  "the possible chains among them kept (up to as many) until the end")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}))
      ->capture_default_str();
  sub->add_flag("-q,--quiet", cmd->quiet, "No summary on stderr unless reading stopped early");
  sub->footer(
      "Examples:\n"
      "  ghostport scan-report -r capture.pcap -o scans.html\n"
      "  ghostport scan-report -r capture.pcap -F json -o scans.json 'not port 53'");
  sub->callback([cmd] { exit_status() = run_scan_report(*cmd); });
}

}  // namespace gp::cli
