// Each subcommand adds itself to the CLI11 app; `run` callbacks set the exit status.
#pragma once

#include <CLI/CLI.hpp>

namespace gp::cli {

// Status returned by the subcommand that ran (see common/exit_status.hpp).
int& exit_status();

void add_flows_command(CLI::App& app);
void add_port_command(CLI::App& app);
void add_analyze_command(CLI::App& app);
void add_scan_report_command(CLI::App&);
void add_rules_command(CLI::App& app);
void add_live_command(CLI::App& app);
void add_diff_command(CLI::App& app);
void add_collect_command(CLI::App& app);
void add_registry_command(CLI::App& app);

}  // namespace gp::cli
