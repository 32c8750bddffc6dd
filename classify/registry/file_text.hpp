// Whole-file reads for the registry sources (a few MB at most; read once at start-up).
#pragma once

#include <optional>
#include <string>

namespace gp::registry {

// The file's bytes, or nullopt with the OS's reason in `why`.
std::optional<std::string> read_file_text(const std::string& path, std::string& why);

}  // namespace gp::registry
