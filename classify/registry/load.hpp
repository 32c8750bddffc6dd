// Assembles the layers from files, with the fallbacks a user without an IANA copy needs.
// Never throws for bad input: everything wrong is a diagnostic, everything the user
// should know about the choice of sources is a notice (the CLI prints both to stderr).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "classify/registry/data_root.hpp"
#include "classify/registry/port_registry.hpp"
#include "common/diagnostics.hpp"

namespace gp::registry {

struct LoadOptions {
  std::optional<std::string> registry_csv;  // --registry: IANA CSV
  // The IANA CSV used without --registry (the shipped snapshot unless told otherwise, see
  // data_root.hpp); nullopt goes straight to the system fallbacks (tests).
  std::optional<RegistryChoice> default_iana = default_iana_registry();
  std::optional<std::string> nmap_services;          // --nmap-services: observed usage
  std::optional<std::string> site = default_site();  // --site; default: the config file's
  std::optional<std::string> folklore_dir;           // default: the rules/ports/ shipped with us
  std::optional<std::string> scanners_dir;           // known-scanner lists; default: rules/scanners/
  std::optional<double> orphan_threshold;            // --orphan-threshold
  // Tried in order when there is no --registry (overridable for tests).
  std::vector<std::pair<std::string, ServicesFormat>> fallback_registries = default_fallbacks();

  static std::vector<std::pair<std::string, ServicesFormat>> default_fallbacks();
  static std::string default_nmap_services();
  static std::string default_folklore_dir();
  static std::string default_scanners_dir();
  static std::optional<std::string> default_site();
};

struct LoadResult {
  PortRegistry registry;
  Diagnostics diagnostics;
  std::vector<std::string> notices;  // degraded sources: always worth saying
  std::vector<std::string> info;     // which sources were used: for -v
  std::string registry_source;       // path of the file the registry layer came from ("" if none)
  std::string registry_origin;       // "--registry", "shipped snapshot", "updated copy", ... ("" if none)
  std::string registry_date;         // the IANA file's newest registration/modification date ("" if none)
};

LoadResult load_registry(const LoadOptions& options);

}  // namespace gp::registry
