// Writing a command's text output whole: to a file by name (replaced), or "-" for standard
// output. False when any of it could not be written.
#pragma once

#include <string>

namespace gp::cli {

bool write_output(const std::string& path, const std::string& text);

}  // namespace gp::cli
