#include "classify/registry/file_text.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace gp::registry {

std::optional<std::string> read_file_text(const std::string& path, std::string& why) {
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"),
                                                          &std::fclose);
  if (!f) {
    why = std::strerror(errno);
    return std::nullopt;
  }
  std::string text;
  char buf[1 << 16];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0) text.append(buf, n);
  if (std::ferror(f.get())) {
    why = std::strerror(errno);
    return std::nullopt;
  }
  return text;
}

}  // namespace gp::registry
