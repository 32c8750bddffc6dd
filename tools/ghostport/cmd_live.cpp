// ghostport live: annotate the traffic of an interface (a span port) as it flows, with the
// engine of `analyze`; JSON Lines events, periodic summaries, clean shutdown, dropped
// privileges. docs/live.md.
#include <fmt/core.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <stdexcept>

#include "capture/source/live_source.hpp"
#include "common/exit_status.hpp"
#include "live/live_run.hpp"
#include "live/privileges.hpp"
#include "tools/ghostport/analysis_setup.hpp"
#include "tools/ghostport/capture_options.hpp"
#include "tools/ghostport/commands.hpp"
#include "tools/ghostport/config_file.hpp"
#include "tools/ghostport/publish_options.hpp"
#include "tools/ghostport/registry_options.hpp"

namespace gp::cli {
namespace {

// live's options: the capture, registry and analysis ones it shares with analyze, how to open
// the interface, and the run's own (live/live_run.hpp).
struct LiveCommand {
  CaptureOptions capture;
  RegistryOptions registry;
  AnalysisOptions analysis;
  live::LiveRunOptions run;
  std::string interface;
  bool list = false;
  std::uint32_t snaplen = 262'144;
  bool no_promiscuous = false;
  bool verbose = false;
};

int list_interfaces_command() {
  const auto all = list_interfaces();
  if (all.empty()) {
    fmt::print(stderr, "ghostport live: no capture interfaces found (or no permission to list them)\n");
    return exit_code::kError;
  }
  int n = 0;
  for (const InterfaceInfo& i : all) {
    std::string flags;
    if (i.up) flags += "Up";
    if (i.loopback) flags += flags.empty() ? "Loopback" : ", Loopback";
    fmt::print("{}.{}{}{}\n", ++n, i.name, i.description.empty() ? "" : " (" + i.description + ")",
               flags.empty() ? "" : " [" + flags + "]");
  }
  return exit_code::kOk;
}

// --output-dir DIR: the events go to DIR/events.jsonl unless -o names a file, and relative
// -o and -w names are taken inside DIR (standard output stays standard output).
void resolve_output_dir(LiveCommand& cmd) {
  if (cmd.run.output_dir.empty()) return;
  const std::filesystem::path dir(cmd.run.output_dir);
  const auto inside = [&dir](std::string& name) {
    if (!name.empty() && name != "-" && std::filesystem::path(name).is_relative()) name = (dir / name).string();
  };
  if (cmd.run.output.empty()) cmd.run.output = (dir / "events.jsonl").string();
  else inside(cmd.run.output);
  inside(cmd.run.write);
}

int run_live(const LiveCommand& cmd) {
  if (cmd.list) return list_interfaces_command();
  if (cmd.interface.empty()) {
    fmt::print(stderr,
               "ghostport live: name the interface to capture on with -i IFACE (ghostport live -D lists them)\n");
    return exit_code::kUsage;
  }
  if (cmd.run.write == "-" && (cmd.run.output.empty() || cmd.run.output == "-")) {
    fmt::print(stderr,
               "ghostport live: -w - and the events both want standard output; send the events to a file with -o\n");
    return exit_code::kUsage;
  }
  if (cmd.run.write == "-" && (cmd.run.rotate_mb > 0 || cmd.run.rotate_seconds > 0)) {
    fmt::print(stderr, "ghostport live: -C/-G rotate files; they cannot rotate standard output (-w -)\n");
    return exit_code::kUsage;
  }
  if (const std::string why = cmd.run.publish.check(); !why.empty()) {  // before the interface is opened
    fmt::print(stderr, "ghostport live: {}\n", why);
    return exit_code::kUsage;
  }
  bool registry_errors = false;
  const registry::LoadResult registry = cmd.registry.load(cmd.verbose, registry_errors);
  if (registry_errors) return exit_code::kError;  // a bad input file: one status whichever flag named it
  // A full model starts a new epoch here (live_run): nothing is judged early.
  AnalysisOptions analysis = cmd.analysis;
  analysis.engine.judge_when_full = false;
  auto setup = std::make_unique<AnalysisEngine>();
  if (const int rc = prepare_engine(*setup, analysis, registry.registry, cmd.verbose); rc != exit_code::kOk) return rc;
  live::SetupFactory make_setup = [analysis, &registry]() -> std::unique_ptr<AnalysisEngine> {
    auto s = std::make_unique<AnalysisEngine>();
    if (prepare_engine(*s, analysis, registry.registry, false) != exit_code::kOk) return nullptr;
    return s;
  };

  LiveSourceOptions o;
  o.interface = cmd.interface;
  o.filter = cmd.capture.filter();
  o.snaplen = cmd.snaplen;
  o.buffer_kib = cmd.run.buffer_kib;
  o.promiscuous = !cmd.no_promiscuous;
  o.batch_ms = cmd.run.batch_ms;
  // -j N: N handles in one AF_PACKET fanout group (the id only has to be unique on the host).
  const unsigned workers = cmd.capture.pipeline().workers;
  if (workers > 1) o.fanout_group = static_cast<int>(::getpid() & 0xffff);
  std::vector<std::unique_ptr<LiveSource>> sources;
  try {
    for (unsigned i = 0; i < workers; ++i) sources.push_back(open_live_source(o));
  } catch (const SourceError& e) {
    fmt::print(stderr, "ghostport live: error: {}\n", e.what());
    return exit_code::kError;
  }
  for (const std::string& w : sources.front()->warnings()) fmt::print(stderr, "ghostport live: warning: {}\n", w);
  try {
    if (cmd.run.user.empty()) live::drop_capabilities();
    else live::drop_to_user(cmd.run.user);
  } catch (const std::runtime_error& e) {
    fmt::print(stderr, "ghostport live: error: {}\n", e.what());
    return exit_code::kError;
  }

  live::LiveRunOptions run = cmd.run;
  run.pipeline = cmd.capture.pipeline();
  run.filter = cmd.capture.filter();
  run.max_conversations = cmd.analysis.engine.max_conversations;
  run.promiscuous = !cmd.no_promiscuous;
  live::install_live_signals();
  return live::run_live_capture(run, make_setup, std::move(setup), registry.registry, std::move(sources));
}

}  // namespace

void add_live_command(CLI::App& app) {
  auto cmd = std::make_shared<LiveCommand>();
  CLI::App* sub =
      app.add_subcommand("live", "Annotate an interface's traffic as it flows (a span port): JSON Lines events");
  cmd->capture.add_to(*sub);
  sub->remove_option(sub->get_option("--read"));        // the same flow options as analyze, no file
  sub->remove_option(sub->get_option("--one-thread"));  // live has a capture thread per worker
  cmd->registry.add_to(*sub);
  cmd->analysis.add_to(*sub);
  add_publish_options(*sub, cmd->run.publish);
  sub->add_option("-i,--interface", cmd->interface, "Interface to capture on (ghostport live -D lists them)");
  sub->add_flag("-D,--list-interfaces", cmd->list, "List the interfaces that can be captured on");
  sub->add_option("-o,--output", cmd->run.output, "Write the events (JSON Lines) to FILE, appending; SIGHUP reopens it")
      ->type_name("FILE");
  sub->add_option("-w,--write", cmd->run.write, "Also write every captured packet to FILE (pcapng)")->type_name("FILE");
  sub->add_option("-C,--rotate-size", cmd->run.rotate_mb,
                  "With -w: start a new file when this one reaches MB (10^6 bytes)")
      ->type_name("MB")
      ->check(CLI::PositiveNumber);
  sub->add_option("-G,--rotate-seconds", cmd->run.rotate_seconds, "With -w: start a new file every SECONDS")
      ->type_name("SECONDS")
      ->check(CLI::PositiveNumber);
  sub->add_option("-W,--rotate-keep", cmd->run.rotate_keep, "With -C/-G: keep only the newest N files")
      ->type_name("N")
      ->check(CLI::PositiveNumber);
  sub->add_option("-s,--snaplen", cmd->snaplen, "Bytes kept of each packet")
      ->capture_default_str()
      ->check(CLI::Range(std::uint32_t{64}, std::uint32_t{262'144}));
  sub->add_option("-B,--buffer-size", cmd->run.buffer_kib,
                  "Kernel capture buffer, KiB (raise it when packets are dropped)")
      ->capture_default_str()
      ->check(CLI::Range(std::uint32_t{256}, std::uint32_t{4'194'304}));
  sub->add_option("--batch", cmd->run.batch_ms,
                  "Not immediate mode: the kernel hands packets over in blocks at least every MS milliseconds "
                  "(denser buffer, fewer wake-ups; for high rates)")
      ->type_name("MS")
      ->check(CLI::Range(1, 1000));
  sub->add_flag("-p,--no-promiscuous-mode", cmd->no_promiscuous, "Do not put the interface in promiscuous mode");
  sub->add_option("--stats-interval", cmd->run.stats_interval, "Seconds between summaries on stderr (0: only at exit)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  sub->add_option("-c,--count", cmd->run.count, "Stop after N packets, as after SIGTERM")->type_name("N");
  sub->add_option("--epoch", cmd->run.epoch_seconds,
                  "Every SECONDS, write the final labels and start again with a fresh model (an epoch also "
                  "ends when the model is full)")
      ->type_name("SECONDS")
      ->check(CLI::PositiveNumber);
  sub->add_option("-Z,--relinquish-privileges", cmd->run.user,
                  "Once the interface is open, become USER (no capabilities left), as tcpdump -Z")
      ->type_name("USER");
  cmd->run.output_dir = cli_config().live_output_dir;  // the config file's [live] output_dir, if any
  sub->add_option("--output-dir", cmd->run.output_dir,
                  "Write this run's files in DIR (created if needed): the events to DIR/events.jsonl unless -o "
                  "names a file; relative -o and -w names are taken inside DIR")
      ->type_name("DIR");
  sub->add_option("--time-format", cmd->run.time_format,
                  "Timestamps in the events: epoch (seconds, as Zeek logs) or iso8601 (UTC, microseconds)")
      ->capture_default_str()
      ->check(CLI::IsMember({"epoch", "iso8601"}));
  sub->add_option("--interim", cmd->run.interim_seconds,
                  "A flow open longer than SECONDS gets a flow_interim event (its counts so far) every SECONDS; "
                  "it is judged and counted once, when it ends (0: never)")
      ->type_name("SECONDS")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--silence-alarm", cmd->run.silence_alarm,
                  "No packet for SECONDS: a health event (no_packets) and a warning; another when packets resume "
                  "(0: off)")
      ->type_name("SECONDS")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  sub->add_flag("-v,--verbose", cmd->verbose, "Say which registry and rule sources were used");
  sub->add_flag("-q,--quiet", cmd->run.quiet, "Only warnings and the final summary on stderr");
  sub->footer(
      "Events (one JSON object per line, flushed as written): flow, flow_interim, port_label, scan_started,\n"
      "scan_updated, scan_ended, health, drops, stats, epoch; at exit the final\n"
      "scanner, conversation and port records, the same labels analyze gives on a capture of the same traffic.\n"
      "Examples:\n"
      "  ghostport live -i eth1 -Z nobody -o /var/log/ghostport/events.jsonl\n"
      "  ghostport live -i eth1 -w evidence.pcapng -C 100 -W 20 'not port 22'\n"
      "  ghostport live -i eth1 | jq 'select(.event == \"port_label\")'");
  sub->callback([cmd] {
    resolve_output_dir(*cmd);
    exit_status() = run_live(*cmd);
  });
}

}  // namespace gp::cli
