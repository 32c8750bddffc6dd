// Whole-file reads for configuration inputs (registry, nmap-services, site, folklore, rules,
// scan config, baseline JSON): read once at start-up, never more than a set limit, so a
// device or pipe that never ends (/dev/zero) is refused instead of filling memory.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/diagnostics.hpp"

namespace gp {

// The default limit on one input file; GHOSTPORT_MAX_INPUT_BYTES overrides it.
inline constexpr std::uint64_t kDefaultMaxInputBytes = std::uint64_t{64} << 20;
inline constexpr const char* kMaxInputBytesVariable = "GHOSTPORT_MAX_INPUT_BYTES";

// The limit in force: GHOSTPORT_MAX_INPUT_BYTES (a byte count, with an optional K, M or G
// suffix for KiB, MiB, GiB) or the default. nullopt with the reason in `why` when the
// variable is set to something else.
std::optional<std::uint64_t> max_input_bytes(std::string& why);

// The file's bytes, or nullopt with the reason in `why` (no path: callers add it). Reads
// regular files, pipes and character devices up to `max_bytes`; anything longer is refused
// whole. Directories, sockets and block devices are refused.
std::optional<std::string> read_file_text(const std::string& path, std::string& why, std::uint64_t max_bytes);

// The same with the limit in force (max_input_bytes()).
std::optional<std::string> read_file_text(const std::string& path, std::string& why);

// Every *.toml file of `dir` (directories skipped), in name order, read whole and handed to
// `use` with its path: one layer of rules, folklore or scanner lists. A directory that cannot
// be read and a file that cannot are errors naming them ("cannot read folklore directory:
// ..."), a directory without TOML files a warning; `what` names the directory.
void read_toml_directory(const std::string& dir, std::string_view what, Diagnostics& diags,
                         const std::function<void(const std::string& path, const std::string& text)>& use);

}  // namespace gp
