#include "common/file_text.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/core.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <vector>

namespace gp {
namespace {

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string human(std::uint64_t bytes) {
  if (bytes >= (std::uint64_t{1} << 30) && bytes % (std::uint64_t{1} << 30) == 0)
    return fmt::format("{} GiB", bytes >> 30);
  if (bytes >= (std::uint64_t{1} << 20) && bytes % (std::uint64_t{1} << 20) == 0)
    return fmt::format("{} MiB", bytes >> 20);
  if (bytes >= 1024 && bytes % 1024 == 0) return fmt::format("{} KiB", bytes >> 10);
  return fmt::format("{} bytes", bytes);
}

std::string too_large(std::uint64_t limit) {
  return fmt::format(
      "larger than the {} limit on an input file; if it is meant to be this large, raise the limit "
      "with {}=SIZE (e.g. 256M)",
      human(limit), kMaxInputBytesVariable);
}

}  // namespace

std::optional<std::uint64_t> max_input_bytes(std::string& why) {
  const char* env = std::getenv(kMaxInputBytesVariable);
  if (env == nullptr || *env == '\0') return kDefaultMaxInputBytes;
  const std::string_view text(env);
  std::uint64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  const std::string_view suffix(ptr, static_cast<std::size_t>(text.data() + text.size() - ptr));
  unsigned shift = 0;
  if (suffix == "K" || suffix == "k") shift = 10;
  else if (suffix == "M" || suffix == "m") shift = 20;
  else if (suffix == "G" || suffix == "g") shift = 30;
  else if (!suffix.empty()) value = 0;
  if (ec != std::errc{} || ptr == text.data() || value == 0 || value > ((std::uint64_t{1} << 40) >> shift)) {
    why = fmt::format("{}='{}' is not a size; give bytes, or a number with K, M or G, from 1 to 1T",
                      kMaxInputBytesVariable, text);
    return std::nullopt;
  }
  return value << shift;
}

std::optional<std::string> read_file_text(const std::string& path, std::string& why, std::uint64_t max_bytes) {
  // A FIFO's open() waits for its writer, as reading a pipe waits for data: a FIFO opened
  // without waiting would read as empty before the writer came.
  const Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) {
    why = std::strerror(errno);
    return std::nullopt;
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    why = std::strerror(errno);
    return std::nullopt;
  }
  if (S_ISDIR(st.st_mode)) {
    why = "is a directory, not a file";
    return std::nullopt;
  }
  if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode) && !S_ISCHR(st.st_mode)) {
    why = "not a regular file, pipe or character device";
    return std::nullopt;
  }
  if (S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    why = too_large(max_bytes);
    return std::nullopt;
  }

  std::string text;
  if (S_ISREG(st.st_mode)) text.reserve(static_cast<std::size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    const ::ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      why = std::strerror(errno);
      return std::nullopt;
    }
    // A file that grows while read, a pipe or a device: the limit holds whatever stat said.
    if (text.size() + static_cast<std::size_t>(n) > max_bytes) {
      why = too_large(max_bytes);
      return std::nullopt;
    }
    text.append(buf, static_cast<std::size_t>(n));
  }
  return text;
}

std::optional<std::string> read_file_text(const std::string& path, std::string& why) {
  const auto limit = max_input_bytes(why);
  if (!limit) return std::nullopt;
  return read_file_text(path, why, *limit);
}

void read_toml_directory(const std::string& dir, std::string_view what, Diagnostics& diags,
                         const std::function<void(const std::string& path, const std::string& text)>& use) {
  std::error_code ec;
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".toml" && !entry.is_directory()) files.push_back(entry.path().string());
  }
  if (ec) {
    diags.error({dir, 0, 0}, fmt::format("cannot read {}: {}", what, ec.message()));
    return;
  }
  if (files.empty()) diags.warning({dir, 0, 0}, fmt::format("no *.toml files in this {}", what));
  std::sort(files.begin(), files.end());
  for (const std::string& path : files) {
    std::string why;
    if (const auto text = read_file_text(path, why)) {
      use(path, *text);
    } else {
      diags.error({path, 0, 0}, fmt::format("cannot read: {}", why));
    }
  }
}

}  // namespace gp
