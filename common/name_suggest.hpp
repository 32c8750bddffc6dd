// "did you mean …?" for every input with names (rule files, TOML keys, command-line
// values): the closest known name to a misspelt one.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace gp {

// Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent
// transpositions ("prot" → "port" is one edit) each cost 1.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The nearest candidate, if it is close enough to be a plausible typo: at most 2 edits, or a
// third of the longer name for long names. Ties go to the earlier candidate, so answers are stable.
std::optional<std::string_view> nearest_name(std::string_view wrong, std::span<const std::string_view> candidates);

// " (did you mean 'x'?)" or "".
std::string did_you_mean(std::string_view wrong, std::span<const std::string_view> candidates);

}  // namespace gp
