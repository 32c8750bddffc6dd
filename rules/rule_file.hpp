// One rule file: its `[[rule]]` tables checked key by key against the rule schema and the
// feature catalogue. Every problem becomes a diagnostic at its key or value and parsing goes
// on, so one run reports all of them; only rules without errors are returned.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostics.hpp"
#include "rules/rule.hpp"

namespace gp::rules {

// `file` names the source in diagnostics; `content` is its text.
std::vector<Rule> parse_rule_file(const std::string& file, std::string_view content, Diagnostics& diags);

}  // namespace gp::rules
