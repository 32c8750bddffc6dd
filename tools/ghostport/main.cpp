// ghostport: annotate traffic on orphaned ports. See README.md.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <exception>

#include "tools/ghostport/allocator.hpp"
#include "tools/ghostport/commands.hpp"
#include "tools/ghostport/exit_codes.hpp"
#include "tools/ghostport/usage_hint.hpp"

namespace gp::cli {
int& exit_status() {
  static int status = exit_code::kOk;
  return status;
}
}  // namespace gp::cli

int main(int argc, char** argv) {
  gp::cli::configure_allocator();
  CLI::App app{"ghostport: what is the traffic on orphaned ports?"};
  app.set_version_flag("-V,--version",
                       std::string("ghostport ") + GHOSTPORT_VERSION + " (" + gp::cli::allocator_description() + ")");
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
    return rc == 0 ? 0 : gp::exit_code::kUsage;
  } catch (const std::exception& e) {
    fmt::print(stderr, "ghostport: error: {}\n", e.what());
    return gp::exit_code::kError;
  }
  return gp::cli::exit_status();
}
