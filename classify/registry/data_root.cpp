#include "classify/registry/data_root.hpp"

#include <cstdlib>
#include <system_error>

#ifndef GP_SOURCE_DATA_DIR
#define GP_SOURCE_DATA_DIR "rules"
#endif

namespace gp::registry {

namespace fs = std::filesystem;

namespace {

DataSettings& settings() {
  static DataSettings s;
  return s;
}

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? std::string(v) : std::string();
}

// /proc/self/exe, not argv[0]: right however the binary was started (PATH, a symlink, a
// relative path from another directory).
fs::path installed_root() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec || exe.empty()) return {};
  const fs::path root = (exe.parent_path() / ".." / "share" / "ghostport").lexically_normal();
  return fs::is_directory(root, ec) ? root : fs::path();
}

struct Root {
  fs::path dir;
  std::string origin;
};

Root find_root() {
  if (std::string e = env("GHOSTPORT_DATA_DIR"); !e.empty()) return {fs::path(e), "GHOSTPORT_DATA_DIR"};
  if (!settings().data_dir.empty()) return {fs::path(settings().data_dir), "config file " + settings().config_file};
  if (fs::path installed = installed_root(); !installed.empty()) return {installed, "installed"};
  return {fs::path(GP_SOURCE_DATA_DIR), "source tree"};
}

}  // namespace

void configure(DataSettings s) { settings() = std::move(s); }
const DataSettings& configured() { return settings(); }

fs::path data_root() { return find_root().dir; }
std::string data_root_origin() { return find_root().origin; }

fs::path shipped_registry_csv() { return data_root() / "registry" / "service-names-port-numbers.csv"; }

fs::path user_registry_csv() {
  fs::path base;
  if (std::string xdg = env("XDG_DATA_HOME"); !xdg.empty() && fs::path(xdg).is_absolute()) {
    base = xdg;  // the XDG spec: a relative XDG_DATA_HOME is invalid and ignored
  } else if (std::string home = env("HOME"); !home.empty()) {
    base = fs::path(home) / ".local" / "share";
  } else {
    return {};
  }
  return base / "ghostport" / "registry" / "service-names-port-numbers.csv";
}

std::optional<RegistryChoice> default_iana_registry() {
  if (std::string e = env("GHOSTPORT_REGISTRY"); !e.empty()) return RegistryChoice{e, "GHOSTPORT_REGISTRY"};
  if (!settings().registry.empty()) {
    return RegistryChoice{settings().registry, "config file " + settings().config_file};
  }
  std::error_code ec;
  if (const fs::path user = user_registry_csv(); !user.empty() && fs::is_regular_file(user, ec)) {
    return RegistryChoice{user.string(), "updated copy"};
  }
  if (const fs::path shipped = shipped_registry_csv(); fs::is_regular_file(shipped, ec)) {
    return RegistryChoice{shipped.string(), "shipped snapshot"};
  }
  return std::nullopt;
}

}  // namespace gp::registry
