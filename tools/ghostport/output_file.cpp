#include "tools/ghostport/output_file.hpp"

#include <cstdio>
#include <fstream>

namespace gp::cli {

bool write_output(const std::string& path, const std::string& text) {
  if (path == "-") return std::fwrite(text.data(), 1, text.size(), stdout) == text.size() && std::fflush(stdout) == 0;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  return static_cast<bool>(out);
}

}  // namespace gp::cli
