// The config file: settings given once instead of on every command line (registry, data
// and rules directories, site file, default outputs). Search order, first found wins and
// only that one is read: --config FILE, $GHOSTPORT_CONFIG, $XDG_CONFIG_HOME/ghostport/
// ghostport.toml (~/.config/...), /etc/ghostport/ghostport.toml. Command-line options
// override it; docs/install.md lists the keys.
#pragma once

#include <string>
#include <vector>

namespace gp::cli {

struct CliConfig {
  std::string file;                // the file read; "" if none
  std::vector<std::string> rules;  // extra rule files layered over the defaults, before --rules
  std::string analyze_format;      // analyze -F default
  std::string live_output_dir;     // live --output-dir default
};

// The value of --config (or --config=FILE) before the subcommand, without parsing the rest:
// the config must be read before the options whose defaults it sets are defined.
std::string config_option(int argc, char** argv);

// Finds and reads the config file, configures the data settings (data_root.hpp) and returns
// the rest. Errors (file:line:col) go to stderr; `ok` is false then.
CliConfig load_config(const std::string& explicit_file, bool& ok);

// The settings read at startup.
const CliConfig& cli_config();

}  // namespace gp::cli
