// The registry options that commands reading captures share (--registry, --nmap-services,
// --site, --folklore, --orphan-threshold) and loading them with the same messages as
// `ghostport port`: notices always, errors with file:line:col (the command then stops: exit 1).
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "classify/registry/load.hpp"

namespace gp::cli {

struct RegistryOptions {
  std::string registry;
  std::string nmap_services;
  std::string site;
  std::string folklore;
  std::optional<double> orphan_threshold;

  void add_to(CLI::App& cmd);
  // Loads and reports on stderr; `errors` is set when a source had errors.
  registry::LoadResult load(bool verbose, bool& errors) const;
};

}  // namespace gp::cli
