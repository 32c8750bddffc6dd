// Where ghostport finds the data it ships (default rules, port folklore, known-scanner lists,
// the IANA snapshot) and the settings a config file gives once for every command.
// One place decides, so an installed binary, a relocated one (DESTDIR, --prefix) and one in a
// build directory all find their data without absolute paths compiled into the first two.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace gp::registry {

// Set once by the CLI from its config file, before any command runs; empty = not set.
struct DataSettings {
  std::string data_dir;       // the data root itself
  std::string registry;       // an IANA CSV
  std::string site;           // the site's TOML
  std::string nmap_services;  // observed usage
  std::string folklore;       // folklore directory
  std::string rules_dir;      // replaces the shipped rules (rules/rule_loader.hpp)
  std::string config_file;    // where these came from, for messages
};
void configure(DataSettings settings);
const DataSettings& configured();

// The data root, first of: $GHOSTPORT_DATA_DIR; the config file's data_dir;
// <directory of the running binary>/../share/ghostport if it exists (an installed binary,
// wherever it was installed); the source tree's rules/ compiled in (a build directory).
std::filesystem::path data_root();
// The same, with how it was chosen ("GHOSTPORT_DATA_DIR", "config file ...", "installed",
// "source tree"), for -v and --version.
std::string data_root_origin();

// The IANA snapshot shipped with ghostport: <data root>/registry/service-names-port-numbers.csv.
std::filesystem::path shipped_registry_csv();
// Where `ghostport registry update` installs a newer copy: $XDG_DATA_HOME/ghostport/registry/
// (default ~/.local/share/ghostport/registry/); empty when neither XDG_DATA_HOME nor HOME is set.
std::filesystem::path user_registry_csv();

// The IANA CSV used when no --registry is given, first of: $GHOSTPORT_REGISTRY, the config
// file's registry (both taken as given: a missing file is an error, not a silent fallback),
// the copy `registry update` installed, the shipped snapshot. nullopt: none of them exists.
struct RegistryChoice {
  std::string path;
  std::string origin;  // "GHOSTPORT_REGISTRY", "config file /etc/...", "updated copy", "shipped snapshot"
};
std::optional<RegistryChoice> default_iana_registry();

}  // namespace gp::registry
