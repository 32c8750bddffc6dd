#include "tools/ghostport/registry_options.hpp"

#include <fmt/core.h>

namespace gp::cli {

void RegistryOptions::add_to(CLI::App& cmd) {
  cmd.add_option("--registry", registry,
                 "IANA service-names-port-numbers.csv (default: the shipped snapshot; see ghostport registry show)");
  cmd.add_option("--nmap-services", nmap_services, "nmap-services for observed usage");
  cmd.add_option("--site", site, "site TOML: internal networks, applications, allowed scanners, notes");
  cmd.add_option("--folklore", folklore, "folklore TOML directory (default: the shipped rules/ports)")
      ->check(CLI::ExistingDirectory);
  cmd.add_option("--orphan-threshold", orphan_threshold, "nmap open-frequency at or below which a port is orphaned")
      ->check(CLI::Range(0.0, 1.0));
}

registry::LoadResult RegistryOptions::load(bool verbose, bool& errors) const {
  registry::LoadOptions o;
  if (!registry.empty()) o.registry_csv = registry;
  if (!nmap_services.empty()) o.nmap_services = nmap_services;
  if (!site.empty()) o.site = site;
  if (!folklore.empty()) o.folklore_dir = folklore;
  o.orphan_threshold = orphan_threshold;
  registry::LoadResult loaded = registry::load_registry(o);
  for (const auto& n : loaded.notices) fmt::print(stderr, "ghostport: {}\n", n);
  if (verbose) {
    for (const auto& n : loaded.info) fmt::print(stderr, "ghostport: {}\n", n);
  }
  for (const auto& d : loaded.diagnostics.all()) {
    if (d.severity == Severity::error || verbose) fmt::print(stderr, "{}\n", format(d));
  }
  errors = loaded.diagnostics.error_count() > 0;
  if (errors) {
    fmt::print(stderr,
               "ghostport: error: fix the registry sources named above (or leave the option out for the "
               "default)\n");
  }
  return loaded;
}

}  // namespace gp::cli
