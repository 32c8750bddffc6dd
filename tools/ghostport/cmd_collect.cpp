// ghostport collect nats://HOST:PORT: the whole network's picture from every sensor's
// published summaries (analyze --publish, live --publish) — merged, judged by the same rules,
// printed as analyze prints it, and optionally as a scan report. docs/distributed.md.
#include <fmt/core.h>

#include <chrono>
#include <csignal>
#include <ctime>
#include <memory>
#include <thread>

#include "report/html/scan_report.hpp"
#include "distribute/collector.hpp"
#include "distribute/jetstream.hpp"
#include "tools/ghostport/analysis_setup.hpp"
#include "tools/ghostport/commands.hpp"
#include "common/exit_status.hpp"
#include "tools/ghostport/output_file.hpp"
#include "tools/ghostport/registry_options.hpp"

namespace gp::cli {
namespace {

struct CollectCommand {
  std::string url;
  RegistryOptions registry;
  AnalysisOptions analysis;
  std::string since;
  std::string durable;
  double idle = 0;             // seconds; 0: until interrupted
  bool drain = false;          // stop once caught up with the stream
  std::size_t sensors = 0;     // sensor runs to expect (0: unknown)
  ResultOutputOptions output;  // -F, --only-orphaned, --conversations, --limit
  std::string scan_report;
  bool verbose = false;
  bool quiet = false;
};

volatile std::sig_atomic_t g_stop = 0;
void request_stop(int /*signal*/) { g_stop = 1; }

// --since: epoch seconds, an ISO 8601 UTC time (2026-12-04T10:00:00Z), or how long ago
// (90s, 30m, 12h, 7d). Nanoseconds since the epoch; nullopt when it is none of them.
std::optional<TimeNs> parse_since(const std::string& text, TimeNs now) {
  if (text.empty()) return std::nullopt;
  std::tm tm{};
  if (const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm); end != nullptr) {
    const std::string_view rest(end);
    if (rest != "Z" && rest != "" && rest != "+00:00") return std::nullopt;
    return static_cast<TimeNs>(timegm(&tm)) * 1'000'000'000;
  }
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (value < 0) return std::nullopt;
  const std::string unit = text.substr(used);
  double scale = 0;
  if (unit.empty()) return static_cast<TimeNs>(value * 1e9);  // epoch seconds
  if (unit == "s") scale = 1;
  else if (unit == "m") scale = 60;
  else if (unit == "h") scale = 3600;
  else if (unit == "d") scale = 86400;
  else return std::nullopt;
  return now - static_cast<TimeNs>(value * scale * 1e9);
}

TimeNs wall_now() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int run_collect(const CollectCommand& cmd) {
  std::string error;
  const auto url = distribute::parse_nats_url(cmd.url, error);
  if (!url) {
    fmt::print(stderr, "ghostport collect: {}\n", error);
    return exit_code::kUsage;
  }
  TimeNs since = 0;
  if (!cmd.since.empty()) {
    const auto t = parse_since(cmd.since, wall_now());
    if (!t) {
      fmt::print(stderr,
                 "ghostport collect: --since '{}': give epoch seconds, a UTC time like 2026-12-04T10:00:00Z, "
                 "or how long ago like 90m or 12h\n",
                 cmd.since);
      return exit_code::kUsage;
    }
    since = *t;
  }
  if (cmd.scan_report == "-") {
    fmt::print(stderr,
               "ghostport collect: --scan-report needs a file name (FILE.html or FILE.json): the analysis "
               "goes to standard output\n");
    return exit_code::kUsage;
  }
  if (!cmd.durable.empty() && !cmd.since.empty()) {
    fmt::print(stderr,
               "ghostport collect: a --durable consumer resumes where it stopped; --since is for a fresh read: "
               "use one of them\n");
    return exit_code::kUsage;
  }
  if (!cmd.durable.empty()) {
    if (const std::string why = distribute::check_sensor_name(cmd.durable); !why.empty()) {
      fmt::print(stderr, "ghostport collect: --durable: {}\n", why);
      return exit_code::kUsage;
    }
  }
  bool registry_errors = false;
  const registry::LoadResult registry = cmd.registry.load(cmd.verbose, registry_errors);
  if (registry_errors) return exit_code::kError;  // a bad input file: one status whichever flag named it
  AnalysisEngine setup;
  AnalysisOptions analysis = cmd.analysis;
  analysis.engine.scan_port_table = !cmd.scan_report.empty();  // the scan report lists the probed ports
  if (const int rc = prepare_engine(setup, analysis, registry.registry, cmd.verbose); rc != exit_code::kOk) return rc;
  distribute::Collector collector(setup.merge_target(), setup.live_scans(), setup.rules(), cmd.sensors);

  auto js = distribute::JetStream::open(*url, "ghostport collect", error);
  if (!js) {
    fmt::print(stderr, "ghostport collect: error: {}\n", error);
    return exit_code::kError;
  }
  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);

  // The consumer is made once the server answers (it may be starting, or restarting).
  std::unique_ptr<distribute::StreamReader> reader;
  auto last_message = std::chrono::steady_clock::now();
  const auto idle = std::chrono::duration<double>(cmd.idle);
  std::string last_error;
  std::uint64_t first_seq = 0;
  std::uint64_t last_seq = 0;
  while (g_stop == 0) {
    if (cmd.idle > 0 && std::chrono::steady_clock::now() - last_message > idle) break;
    if (!reader) {
      if (js->connected() && js->ensure_stream().empty()) {
        reader = distribute::StreamReader::open(*js, "ghostport.*.summary", cmd.durable, since, error);
        if (!reader && error != last_error) fmt::print(stderr, "ghostport collect: warning: {}; retrying\n", error);
        last_error = error;
      }
      if (!reader) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        continue;
      }
    }
    error.clear();
    const auto messages = reader->fetch(256, std::chrono::milliseconds(500), error);
    if (!error.empty()) {
      if (error != last_error) fmt::print(stderr, "ghostport collect: warning: {}; retrying\n", error);
      last_error = error;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      continue;
    }
    for (const distribute::StreamMessage& m : messages) {
      if (first_seq == 0) first_seq = m.stream_sequence;
      last_seq = m.stream_sequence;
      if (const std::string why = collector.add(m.data); !why.empty()) {
        fmt::print(stderr, "ghostport collect: warning: {} (stream sequence {}): {}; skipped\n", m.subject,
                   m.stream_sequence, why);
      }
    }
    if (!messages.empty()) last_message = std::chrono::steady_clock::now();
    // Acknowledged once merged, so a durable consumer's next run starts after them.
    if (const std::string why = reader->acknowledge(); !why.empty() && why != last_error) {
      fmt::print(stderr,
                 "ghostport collect: warning: acknowledging stream sequences up to {}: {}; "
                 "a --durable consumer's next run may get them again\n",
                 last_seq, why);
      last_error = why;
    }
    // Caught up: nothing was waiting (live sensors keep publishing, so idle may never come).
    if (cmd.drain && (messages.empty() || messages.back().pending == 0)) break;
  }
  reader.reset();
  collector.finish();
  const AnalysisResult result = finish_analysis(setup);

  const bool written = write_output("-", cmd.output.render(result));
  bool report_written = true;
  if (!cmd.scan_report.empty()) {
    report::html::ScanReportMeta meta;
    meta.capture_file = fmt::format("{} (ghostport collect)", url->text());
    auto report = report::html::build_scan_report(setup.scans(), meta);
    report["scan_chains"] = report::html::scan_chains_json(result.scan_chains);
    const bool json = cmd.scan_report.ends_with(".json");
    report_written =
        write_output(cmd.scan_report, json ? report.dump(2) + "\n" : report::html::render_scan_report_html(report));
  }
  const distribute::CollectorCounters& c = collector.counters();
  if (!cmd.quiet || c.malformed > 0) {
    fmt::print(stderr,
               "ghostport collect: {} summaries ({} flows) from {} sensor(s), {} run(s) ({} finished), "
               "stream sequences {}-{}; {} scan observations",
               c.summaries, c.flows, c.sensors.size(), c.runs, c.finished_runs, first_seq, last_seq, c.observations);
    if (c.duplicates > 0) fmt::print(stderr, "; {} delivered twice, merged once", c.duplicates);
    if (c.malformed > 0) fmt::print(stderr, "; {} malformed, skipped", c.malformed);
    if (c.released_early > 0)
      fmt::print(stderr, "; {} observations not waited for (a sensor went quiet)", c.released_early);
    if (c.unknown_rules > 0) fmt::print(stderr, "; {} hits of rules this collector does not have", c.unknown_rules);
    fmt::print(stderr, "\n");
  }
  if (!written || !report_written) {
    fmt::print(stderr, "ghostport collect: error: writing the output failed\n");
    return exit_code::kError;
  }
  if (c.malformed > 0) return exit_code::kPartialInput;
  return exit_code::kOk;
}

}  // namespace

void add_collect_command(CLI::App& app) {
  auto cmd = std::make_shared<CollectCommand>();
  CLI::App* sub = app.add_subcommand(
      "collect", "Merge every sensor's published summaries (--publish) into one analysis of the network");
  sub->add_option("url", cmd->url, "The NATS JetStream server the sensors publish to")
      ->type_name("nats://HOST:PORT")
      ->required();
  cmd->registry.add_to(*sub);
  cmd->analysis.add_to(*sub);
  sub->add_option("--since", cmd->since,
                  "Read the stream from this time: epoch seconds, 2026-12-04T10:00:00Z, or 12h (ago)");
  sub->add_option("--durable", cmd->durable,
                  "A named consumer kept by the server: each run resumes after the summaries the last one merged");
  sub->add_option("--idle", cmd->idle, "Stop after this many seconds without a new summary (default: run until ^C)")
      ->check(CLI::Range(0.0, 86400.0));
  sub->add_flag("--drain", cmd->drain,
                "Stop once everything the stream holds now is merged (a report of the picture so far, e.g. "
                "from cron, while sensors keep publishing)");
  sub->add_option("--sensors", cmd->sensors,
                  "How many sensors publish: scan detection then runs as summaries arrive instead of holding "
                  "every probe until the end (memory)");
  cmd->output.add_to(*sub);
  sub->add_option("--scan-report", cmd->scan_report,
                  "Also write the scan report to FILE: HTML, or JSON when it ends in .json")
      ->type_name("FILE");
  sub->add_flag("-v,--verbose", cmd->verbose, "Say which registry and rule sources were used");
  sub->add_flag("-q,--quiet", cmd->quiet, "No summary on stderr");
  sub->footer(
      "Examples:\n"
      "  ghostport collect nats://127.0.0.1:4222 --idle 5                 (everything in the stream, then exit)\n"
      "  ghostport collect nats://127.0.0.1:4222 --since 1h --scan-report scans.html\n"
      "  ghostport collect nats://127.0.0.1:4222 --durable hourly --drain   (what arrived since the last run)");
  sub->callback([cmd] { exit_status() = run_collect(*cmd); });
}

}  // namespace gp::cli
