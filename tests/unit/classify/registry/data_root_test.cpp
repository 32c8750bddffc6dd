// The data root and the default registry (data_root.hpp): a build directory reads the
// source tree, GHOSTPORT_DATA_DIR and the config file override it, and the registry used
// without --registry is the shipped snapshot, without a notice.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "classify/registry/data_root.hpp"
#include "classify/registry/load.hpp"

namespace gp::registry {
namespace {

namespace fs = std::filesystem;

// Sets an environment variable for one test; restores the old value.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    had_ = std::getenv(name) != nullptr;
    if (value) ::setenv(name, value, 1);
    else ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (had_) ::setenv(name_, old_.c_str(), 1);
    else ::unsetenv(name_);
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::string old_;
  bool had_ = false;
};

TEST(DataRoot, ABuildDirectoryReadsTheSourceTree) {
  ScopedEnv data("GHOSTPORT_DATA_DIR", nullptr);
  EXPECT_EQ(data_root(), fs::path(GP_SOURCE_DIR) / "rules");
  EXPECT_EQ(data_root_origin(), "source tree");
  EXPECT_EQ(shipped_registry_csv(), fs::path(GP_IANA_CSV));
}

TEST(DataRoot, EnvironmentBeatsTheConfigFile) {
  DataSettings settings;
  settings.data_dir = "/from/config";
  settings.config_file = "/etc/ghostport/ghostport.toml";
  configure(settings);
  {
    ScopedEnv data("GHOSTPORT_DATA_DIR", nullptr);
    EXPECT_EQ(data_root(), fs::path("/from/config"));
    EXPECT_EQ(data_root_origin(), "config file /etc/ghostport/ghostport.toml");
  }
  {
    ScopedEnv data("GHOSTPORT_DATA_DIR", "/from/env");
    EXPECT_EQ(data_root(), fs::path("/from/env"));
  }
  configure({});
}

TEST(DataRoot, UpdatedRegistryLivesInTheXdgDataHome) {
  ScopedEnv xdg("XDG_DATA_HOME", "/x/data");
  EXPECT_EQ(user_registry_csv(), fs::path("/x/data/ghostport/registry/service-names-port-numbers.csv"));
  ScopedEnv relative("XDG_DATA_HOME", "relative");  // invalid per the XDG spec: ignored
  ScopedEnv home("HOME", "/home/u");
  EXPECT_EQ(user_registry_csv(), fs::path("/home/u/.local/share/ghostport/registry/service-names-port-numbers.csv"));
}

TEST(DefaultRegistry, TheShippedSnapshotWithoutANotice) {
  ScopedEnv data("GHOSTPORT_DATA_DIR", nullptr);
  ScopedEnv reg("GHOSTPORT_REGISTRY", nullptr);
  ScopedEnv xdg("XDG_DATA_HOME", "/nonexistent-gp-test");
  LoadOptions o;
  o.nmap_services = "/nonexistent";  // only the registry layer matters here
  const LoadResult r = load_registry(o);
  EXPECT_EQ(r.registry_source, GP_IANA_CSV);
  EXPECT_EQ(r.registry_origin, "shipped snapshot");
  EXPECT_EQ(r.registry_date, "2026-02-13");  // rules/registry/README.md
  for (const auto& n : r.notices) EXPECT_EQ(n.find("registry:"), std::string::npos) << n;
  EXPECT_EQ(r.registry.registry_status(3255, Transport::tcp), RegistryStatus::assigned);
}

TEST(DefaultRegistry, GhostportRegistryIsTakenAsGivenEvenIfMissing) {
  ScopedEnv reg("GHOSTPORT_REGISTRY", "/nonexistent/iana.csv");
  const auto choice = default_iana_registry();
  ASSERT_TRUE(choice);
  EXPECT_EQ(choice->path, "/nonexistent/iana.csv");
  LoadOptions o;
  o.nmap_services = "/nonexistent";
  EXPECT_GT(load_registry(o).diagnostics.error_count(), 0U);  // an error, not a silent fallback
}

}  // namespace
}  // namespace gp::registry
