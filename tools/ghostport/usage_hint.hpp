// "did you mean …?" for the command line: when CLI11 refuses one, the word it stumbled on
// (a misspelt subcommand, an unknown --option) and the nearest name the command knows.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace gp::cli {

// One line naming the first unknown subcommand or long option in `args` (argv without the
// program name), with the nearest known name when one is close: "'analyse' is not a
// ghostport subcommand (did you mean 'analyze'?)". "" when every word is known.
std::string usage_hint(CLI::App& app, const std::vector<std::string>& args);

}  // namespace gp::cli
