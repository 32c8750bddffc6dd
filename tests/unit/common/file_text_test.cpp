// Issue 26 item 2: a config input is read up to a limit, whatever kind of file it is, so
// /dev/zero or a pipe that never ends is refused instead of filling memory.
#include "common/file_text.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/support/temp_path.hpp"

namespace gp {
namespace {

std::string temp_path(const char* name) { return ::testing::TempDir() + "/" + name + std::to_string(::getpid()); }

class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value, 1);
  }
  ~ScopedEnv() {
    if (old_.empty()) ::unsetenv(name_);
    else ::setenv(name_, old_.c_str(), 1);
  }

 private:
  const char* name_;
  std::string old_;
};

TEST(FileText, ReadsARegularFileWhole) {
  const std::string path = temp_path("ft_small");
  std::ofstream(path) << "port = 3255\n";
  std::string why;
  const auto text = read_file_text(path, why, 1024);
  ASSERT_TRUE(text) << why;
  EXPECT_EQ(*text, "port = 3255\n");
  std::remove(path.c_str());
}

TEST(FileText, RefusesARegularFileOverTheLimit) {
  const std::string path = temp_path("ft_large");
  std::ofstream(path) << std::string(2000, 'x');
  std::string why;
  EXPECT_FALSE(read_file_text(path, why, 1024));
  EXPECT_NE(why.find("larger than the 1 KiB limit"), std::string::npos) << why;
  EXPECT_NE(why.find("GHOSTPORT_MAX_INPUT_BYTES"), std::string::npos) << why;
  std::remove(path.c_str());
}

TEST(FileText, RefusesADeviceThatNeverEnds) {
  std::string why;
  EXPECT_FALSE(read_file_text("/dev/zero", why, 1 << 20));
  EXPECT_NE(why.find("limit"), std::string::npos) << why;
}

TEST(FileText, ReadsAnEmptyDevice) {
  std::string why;
  const auto text = read_file_text("/dev/null", why, 1024);
  ASSERT_TRUE(text) << why;
  EXPECT_TRUE(text->empty());
}

TEST(FileText, RefusesADirectory) {
  std::string why;
  EXPECT_FALSE(read_file_text(::testing::TempDir(), why, 1024));
  EXPECT_NE(why.find("directory"), std::string::npos) << why;
}

TEST(FileText, BoundsAFifoThatKeepsWriting) {
  const std::string path = temp_path("ft_fifo");
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {  // a writer that would go on for 64 MiB; killed by SIGPIPE once the reader stops
    std::FILE* f = std::fopen(path.c_str(), "w");
    const std::string chunk(1 << 16, 'x');
    for (int i = 0; f != nullptr && i < 1024; ++i) std::fwrite(chunk.data(), 1, chunk.size(), f);
    ::_exit(0);
  }
  std::string why;
  EXPECT_FALSE(read_file_text(path, why, 1 << 20));
  EXPECT_NE(why.find("limit"), std::string::npos) << why;
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  std::remove(path.c_str());
}

TEST(FileText, TheLimitComesFromTheEnvironment) {
  std::string why;
  {
    const ScopedEnv env(kMaxInputBytesVariable, "3M");
    EXPECT_EQ(max_input_bytes(why), std::uint64_t{3} << 20);
  }
  {
    const ScopedEnv env(kMaxInputBytesVariable, "4096");
    EXPECT_EQ(max_input_bytes(why), 4096U);
  }
  {
    const ScopedEnv env(kMaxInputBytesVariable, "lots");
    EXPECT_FALSE(max_input_bytes(why));
    EXPECT_NE(why.find("not a size"), std::string::npos) << why;
  }
  {
    const ScopedEnv env(kMaxInputBytesVariable, "0");
    EXPECT_FALSE(max_input_bytes(why));
  }
  ::unsetenv(kMaxInputBytesVariable);
  EXPECT_EQ(max_input_bytes(why), kDefaultMaxInputBytes);
}

// One layer of TOML files (rules, folklore, scanner lists): every *.toml in name order, other
// files and directories left alone, each problem reported where it is.
TEST(ReadTomlDirectory, ReadsEveryTomlFileInNameOrderAndReportsWhatItCannot) {
  const std::filesystem::path dir = test::temp_path("toml_layer");
  std::filesystem::create_directories(dir / "sub.toml");  // a directory: skipped
  std::ofstream(dir / "b.toml") << "b = 2\n";
  std::ofstream(dir / "a.toml") << "a = 1\n";
  std::ofstream(dir / "notes.txt") << "not toml\n";
  ::symlink((dir / "missing").c_str(), (dir / "c.toml").c_str());  // dangling: cannot be read
  Diagnostics diags;
  std::vector<std::string> seen;
  read_toml_directory(dir.string(), "rule directory", diags,
                      [&](const std::string& path, const std::string& text) { seen.push_back(path + "|" + text); });
  ASSERT_EQ(seen.size(), 2U);
  EXPECT_EQ(seen[0], (dir / "a.toml").string() + "|a = 1\n");
  EXPECT_EQ(seen[1], (dir / "b.toml").string() + "|b = 2\n");
  ASSERT_EQ(diags.all().size(), 1U);
  EXPECT_EQ(diags.all()[0].where.file, (dir / "c.toml").string());
  EXPECT_EQ(diags.all()[0].severity, Severity::error);

  Diagnostics missing;
  read_toml_directory((dir / "nowhere").string(), "folklore directory", missing,
                      [](const std::string&, const std::string&) {});
  ASSERT_EQ(missing.error_count(), 1U);
  EXPECT_EQ(missing.all()[0].message.rfind("cannot read folklore directory: ", 0), 0U) << missing.all()[0].message;

  const std::filesystem::path empty = test::temp_path("toml_empty");
  std::filesystem::create_directories(empty);
  Diagnostics none;
  read_toml_directory(empty.string(), "scanner list directory", none, [](const std::string&, const std::string&) {});
  ASSERT_EQ(none.all().size(), 1U);
  EXPECT_EQ(none.all()[0].severity, Severity::warning);
  EXPECT_EQ(none.all()[0].message, "no *.toml files in this scanner list directory");
}

}  // namespace
}  // namespace gp
