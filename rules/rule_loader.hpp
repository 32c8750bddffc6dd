// Loading rule files in layers. A layer is one file, or every *.toml file of a directory in
// name order. Ids are unique within a layer (a duplicate is an error pointing at both
// definitions); a later layer's rule replaces an earlier rule with the same id, which is how
// `--rules site.toml` retunes or (`enabled = false`) switches off a default rule.
// Errors never stop loading: every file is read and every problem reported; rules with
// errors are left out, the rest are loaded.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "common/diagnostics.hpp"
#include "rules/rule_set.hpp"

namespace gp::rules {

// The shipped rules: $GHOSTPORT_RULES_DIR if set, else the config file's rules_dir, else
// <data root>/default (data_root.hpp).
std::filesystem::path default_rules_dir();

// The files of one layer: `path` itself, or a directory's *.toml files sorted by name.
std::vector<std::filesystem::path> layer_files(const std::filesystem::path& path, Diagnostics& diags);

class RuleLoader {
 public:
  void add_layer(const std::filesystem::path& path);
  const Diagnostics& diagnostics() const { return diags_; }
  const RuleSet& rules() const { return rules_; }
  RuleSet take() && { return std::move(rules_); }

 private:
  RuleSet rules_;
  Diagnostics diags_;
};

// Convenience: every layer in order.
RuleSet load_rules(const std::vector<std::filesystem::path>& layers, Diagnostics& diags);

}  // namespace gp::rules
