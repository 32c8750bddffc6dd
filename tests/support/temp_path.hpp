// A path in a temporary directory that belongs to this test process alone, removed when the
// process exits normally (a crash leaves it for a look). ctest runs every test case as a
// process of its own, several at once (-j), so two cases writing one fixed name would race:
// one truncating the file while the other reads it.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

namespace gp::test {

inline std::filesystem::path temp_path(std::string_view name) {
  struct ProcessDirectory {
    std::filesystem::path path = std::filesystem::temp_directory_path() / ("gp-test-" + std::to_string(::getpid()));
    ProcessDirectory() { std::filesystem::create_directories(path); }
    ~ProcessDirectory() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  };
  static const ProcessDirectory directory;
  return directory.path / name;
}

}  // namespace gp::test
