// ghostport analyze: per destination port (and per conversation), what the registry says and
// what the traffic most likely is, with a confidence and the rules that fired.
#include <algorithm>
#include <fmt/core.h>

#include <memory>
#include <optional>

#include "annotate/rule_verdicts.hpp"
#include "annotate/traffic_analyzer.hpp"
#include "capture/pipeline/run_capture.hpp"
#include "classify/scan/scan_config.hpp"
#include "classify/scan/scan_detector.hpp"
#include "report/analysis_render.hpp"
#include "rules/rule_loader.hpp"
#include "report/analysis_diff.hpp"
#include "tools/ghostport/allocator.hpp"
#include "tools/ghostport/analysis_setup.hpp"
#include "tools/ghostport/annotation_outputs.hpp"
#include "tools/ghostport/capture_options.hpp"
#include "tools/ghostport/commands.hpp"
#include "tools/ghostport/config_file.hpp"
#include "common/exit_status.hpp"
#include "tools/ghostport/output_file.hpp"
#include "tools/ghostport/publish_options.hpp"
#include "tools/ghostport/registry_options.hpp"

namespace gp::cli {
namespace {

struct AnalyzeCommand {
  CaptureOptions capture;
  RegistryOptions registry;
  AnalysisOptions analysis;
  AnnotationOutputOptions annotations;  // -w, --log-dir
  distribute::PublishOptions publish;   // --publish nats://…: summaries for ghostport collect
  ResultOutputOptions output;           // -F, --only-orphaned, --conversations, --limit
  std::string explain;
  std::string baseline;  // --baseline OLD.json: what changed since that run
  bool verbose = false;
  bool quiet = false;
};

// "3255", "3255/tcp"
bool parse_port_spec(const std::string& text, std::uint16_t& port, std::optional<std::string>& transport) {
  const auto slash = text.find('/');
  const std::string number = text.substr(0, slash);
  if (number.empty() || number.size() > 5 || number.find_first_not_of("0123456789") != std::string::npos) return false;
  const unsigned long value = std::stoul(number);
  if (value > 65535) return false;
  port = static_cast<std::uint16_t>(value);
  if (slash != std::string::npos) transport = text.substr(slash + 1);
  return !transport || *transport == "tcp" || *transport == "udp" || *transport == "icmp" || *transport == "other";
}

int run_analyze(const AnalyzeCommand& cmd) {
  std::uint16_t explain_port = 0;
  std::optional<std::string> explain_transport;
  if (!cmd.explain.empty() && !parse_port_spec(cmd.explain, explain_port, explain_transport)) {
    fmt::print(stderr, "ghostport analyze: --explain '{}': expected PORT or PORT/tcp|udp\n", cmd.explain);
    return exit_code::kUsage;
  }
  nlohmann::json baseline;
  if (!cmd.baseline.empty()) {
    if (cmd.output.format != "table" && cmd.output.format != "json") {
      fmt::print(stderr, "ghostport analyze: --baseline needs -F table or -F json\n");
      return exit_code::kUsage;
    }
    std::string why;
    std::optional<nlohmann::json> loaded = report::load_analysis_json(cmd.baseline, why);
    if (!loaded) {
      fmt::print(stderr, "ghostport analyze: error: --baseline: {}\n", why);
      return exit_code::kError;
    }
    baseline = std::move(*loaded);
  }
  bool registry_errors = false;
  const registry::LoadResult registry = cmd.registry.load(cmd.verbose, registry_errors);
  if (registry_errors) return exit_code::kError;  // a bad input file: one status whichever flag named it
  AnalysisOptions analysis = cmd.analysis;
  // Judging runs once the input is read, when the reader and workers are idle: it may use
  // as many threads as they did (with read-ahead, two).
  const PipelineOptions pipeline = cmd.capture.pipeline();
  analysis.engine.judge_threads = std::max(pipeline.workers, pipeline.read_ahead ? 2U : 1U);
  // Only outputs that list conversations need them kept; the ports alone cost memory per port.
  // Listed conversations (but the table's) are written as they are judged, unless --explain,
  // -w or --log-dir needs every result at the end anyway.
  const bool every_result_needed = !cmd.explain.empty() || cmd.annotations.any();
  std::optional<report::ConversationStream> stream;
  if (cmd.output.streams_conversations() && !every_result_needed) {
    stream.emplace(cmd.output.parsed_format(), cmd.output.only_orphaned, &registry.registry, stdout);
    if (!stream->error().empty()) {
      fmt::print(stderr, "ghostport analyze: error: {}\n", stream->error());
      return exit_code::kError;
    }
    analysis.engine.on_judged = [&stream](const ConversationResult& c) { stream->write(c); };
  }
  const bool document_around_stream = stream && cmd.output.parsed_format() == report::AnalysisFormat::json;
  analysis.engine.keep_conversations = (cmd.output.conversations && !stream) || every_result_needed;
  // --explain alone reads only its port's conversations; -w and --log-dir need every one.
  analysis.engine.keep_explained_only = !cmd.explain.empty() && !cmd.annotations.any();
  if (!cmd.explain.empty()) {
    analysis.engine.explain_port = explain_port;
    analysis.engine.explain_transport = explain_transport;
  }
  AnalysisEngine setup;
  if (const int rc = prepare_engine(setup, analysis, registry.registry, cmd.verbose); rc != exit_code::kOk) return rc;

  distribute::Publishing publishing;
  if (const int rc = publishing.prepare(cmd.publish, setup, "analyze"); rc != exit_code::kOk) return rc;

  auto input = cmd.capture.open_input();
  AnnotationOutputs outputs;
  if (const int rc = outputs.prepare(cmd.annotations, cmd.capture, cmd.output.format); rc != exit_code::kOk) return rc;
  PacketObserver* observer = outputs.first_pass_observer();
  if (observer != nullptr && cmd.capture.parallel_files && cmd.capture.read_files.size() > 1) {
    fmt::print(stderr,
               "ghostport analyze: -w writes one capture, the inputs merged by timestamp; "
               "drop --parallel-files\n");
    return exit_code::kUsage;
  }
  if (observer != nullptr && cmd.capture.threads != 1 && !cmd.quiet) {
    // The annotated pcapng matches packets to flows by each table's creation order.
    fmt::print(stderr, "ghostport analyze: note: with -w the capture is read on one thread; -j is ignored\n");
  }
  const CaptureSummary summary =
      cmd.capture.run(std::move(input), outputs.first_pass_sink(publishing.sink(setup.sink())), observer);
  publishing.finish(cmd.quiet);
  return_free_memory();  // the flow table and the reading threads are gone
  const AnalysisResult result = finish_analysis(setup);
  const int annotated =
      outputs.finish(result, describe_run(cmd.capture, cmd.analysis, cmd.registry, registry), summary, cmd.quiet);

  std::string text;
  if (!cmd.explain.empty()) {
    text = report::render_explain(result, explain_port, explain_transport);
    if (text.empty()) text = fmt::format("no traffic to port {} in this capture\n", cmd.explain);
  } else if (!stream || document_around_stream) {
    text = cmd.output.render(result);  // streamed JSON: the document, its conversations array empty
  }
  if (!cmd.baseline.empty() && cmd.explain.empty()) {
    report::add_baseline_changes(text, cmd.output.format, result, baseline, cmd.baseline, cmd.capture.input_name());
  }
  if (outputs.owns_stdout()) text.clear();  // -w - : standard output carries the pcapng
  // A stream writes what is left: JSON's document with the conversations in their array.
  const bool written = stream ? stream->finish(text) : write_output("-", text);
  if (!cmd.quiet || !summary.error.empty()) fmt::print(stderr, "{}", format_summary(summary));
  if (!written) {
    fmt::print(stderr, "ghostport analyze: error: writing the output failed\n");
    return exit_code::kError;
  }
  if (annotated != exit_code::kOk) return annotated;
  if (summary.end != ReadStatus::end) return exit_code::kPartialInput;
  return exit_code::kOk;
}

}  // namespace

void add_analyze_command(CLI::App& app) {
  auto cmd = std::make_shared<AnalyzeCommand>();
  CLI::App* sub = app.add_subcommand("analyze", "What the traffic on each destination port most likely is, and why");
  cmd->capture.add_to(*sub);
  cmd->registry.add_to(*sub);
  cmd->analysis.add_to(*sub);
  cmd->annotations.add_to(*sub);
  add_publish_options(*sub, cmd->publish);
  if (!cli_config().analyze_format.empty()) cmd->output.format = cli_config().analyze_format;  // before add_to shows it
  cmd->output.add_to(*sub);
  sub->add_option("--explain", cmd->explain, "Every piece of evidence for one port: PORT or PORT/tcp");
  sub->add_option("--baseline", cmd->baseline,
                  "An earlier `analyze -F json` result: also list what changed since (as `ghostport diff`)");
  sub->add_flag("-v,--verbose", cmd->verbose, "Say which registry and rule sources were used");
  sub->add_flag("-q,--quiet", cmd->quiet, "No summary on stderr unless reading stopped early");
  sub->footer(
      "Examples:\n"
      "  ghostport analyze -r capture.pcap\n"
      "  ghostport analyze -r capture.pcap --explain 3255/tcp\n"
      "  ghostport analyze -r capture.pcap -F jsonl --conversations --site site.toml --rules ours.toml\n"
      "  ghostport analyze -r today.pcap --baseline yesterday.json   (what changed: see ghostport diff)\n"
      "  ghostport analyze -r capture.pcap -w annotated.pcapng --log-dir logs/   (Wireshark comments, Zeek logs)\n"
      "  ghostport analyze -r link1.pcap --publish nats://10.0.0.5:4222 --sensor link1   (see ghostport collect)");
  sub->callback([cmd] { exit_status() = run_analyze(*cmd); });
}

}  // namespace gp::cli
