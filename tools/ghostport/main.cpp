// ghostport: annotate traffic on orphaned ports. See README.md.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>

#include "tools/ghostport/allocator.hpp"
#include "classify/registry/data_root.hpp"
#include "classify/registry/iana_csv.hpp"
#include "tools/ghostport/commands.hpp"
#include "tools/ghostport/config_file.hpp"
#include "common/exit_status.hpp"
#include "tools/ghostport/usage_hint.hpp"

namespace gp::cli {
int& exit_status() {
  static int status = exit_code::kOk;
  return status;
}
namespace {

// --version names the registry a command would use and its date: the answer to "which
// IANA data is this?" without reading the CSV by hand.
std::string version_text() {
  namespace reg = gp::registry;
  std::string text = std::string("ghostport ") + GHOSTPORT_VERSION + " (" + allocator_description() + ")\n";
  if (const auto choice = reg::default_iana_registry()) {
    Diagnostics diags;
    const reg::IanaTable table = reg::load_iana_csv(choice->path, diags);
    const std::string date = reg::newest_date(table);
    text += fmt::format("registry: IANA {} of {} ({})\n", choice->origin, date.empty() ? "unknown date" : date,
                        choice->path);
  } else {
    text += "registry: no IANA CSV found (see ghostport registry --help)\n";
  }
  text += fmt::format("data: {} ({})", reg::data_root().string(), reg::data_root_origin());
  return text;
}

// Output that never arrived is a failed run (>/dev/full, a closed stdout): whatever the
// command or CLI11 (--help, --version) printed is flushed here and checked.
int checked_stdout(int status) {
  std::cout.flush();
  const bool failed = std::fflush(stdout) != 0 || std::ferror(stdout) != 0 || !std::cout;
  if (failed && status == exit_code::kOk) {
    fmt::print(stderr, "ghostport: error: writing to standard output failed: {}\n",
               errno != 0 ? std::strerror(errno) : "unknown error");
    return exit_code::kError;
  }
  return status;
}
}  // namespace
}  // namespace gp::cli

int main(int argc, char** argv) {
  gp::cli::configure_allocator();
  // Read before the commands are defined: the config file sets some of their defaults.
  bool config_ok = true;
  gp::cli::load_config(gp::cli::config_option(argc, argv), config_ok);
  if (!config_ok) return gp::exit_code::kError;  // a bad input file, whichever option named it
  CLI::App app{"ghostport: what is the traffic on orphaned ports?"};
  app.set_version_flag("-V,--version", [] { return gp::cli::version_text(); });
  std::string config_file;
  app.add_option("--config", config_file,
                 "Config file (default: $GHOSTPORT_CONFIG, ~/.config/ghostport/ghostport.toml, "
                 "/etc/ghostport/ghostport.toml)")
      ->check(CLI::ExistingFile);
  app.require_subcommand(1);
  app.footer(
      "Examples:\n"
      "  ghostport flows -r capture.pcap            Zeek conn.log (TSV) on stdout\n"
      "  ghostport flows -r capture.pcap -F json 'tcp port 3255'\n"
      "  ghostport port 3255                        what the registry says about a port\n"
      "  ghostport live -i eth1 -Z nobody           annotate a span port as traffic flows\n");

  gp::cli::add_flows_command(app);
  gp::cli::add_port_command(app);
  gp::cli::add_analyze_command(app);
  gp::cli::add_scan_report_command(app);
  gp::cli::add_rules_command(app);
  gp::cli::add_live_command(app);
  gp::cli::add_diff_command(app);
  gp::cli::add_collect_command(app);
  gp::cli::add_registry_command(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() != 0) {
      // CLI11 says "A subcommand is required" for "ghostport analyse"; name the word instead.
      const std::string hint = gp::cli::usage_hint(app, std::vector<std::string>(argv + 1, argv + argc));
      if (!hint.empty()) {
        fmt::print(stderr, "ghostport: error: {}\nRun with --help for more information.\n", hint);
        return gp::exit_code::kUsage;
      }
    }
    const int rc = app.exit(e);
    return rc == 0 ? gp::cli::checked_stdout(gp::exit_code::kOk) : gp::exit_code::kUsage;
  } catch (const std::exception& e) {
    fmt::print(stderr, "ghostport: error: {}\n", e.what());
    return gp::exit_code::kError;
  }
  return gp::cli::checked_stdout(gp::cli::exit_status());
}
