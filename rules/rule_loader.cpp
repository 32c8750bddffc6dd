#include "rules/rule_loader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <map>

#include "classify/registry/data_root.hpp"
#include "common/file_text.hpp"
#include "common/name_suggest.hpp"
#include "rules/rule_file.hpp"

namespace gp::rules {

namespace fs = std::filesystem;

fs::path default_rules_dir() {
  if (const char* env = std::getenv("GHOSTPORT_RULES_DIR"); env && *env) return fs::path(env);
  if (!registry::configured().rules_dir.empty()) return fs::path(registry::configured().rules_dir);
  return registry::data_root() / "default";
}

void RuleLoader::add_layer(const fs::path& path) {
  std::vector<Rule> layer;
  std::map<std::string, SourceLocation, std::less<>> first_seen;
  const auto add_file = [&](const std::string& file, const std::string& content) {
    for (auto& r : parse_rule_file(file, content, diags_)) {
      const auto [it, inserted] = first_seen.emplace(r.id, r.where);
      if (!inserted) {
        diags_.error(r.where, fmt::format("duplicate rule id '{}' (first defined at {}:{}:{})", r.id, it->second.file,
                                          it->second.line, it->second.column));
        diags_.note(it->second, fmt::format("rule '{}' first defined here", r.id));
        continue;
      }
      layer.push_back(std::move(r));
    }
  };
  // A layer is one rule file or a directory of them.
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    read_toml_directory(path.string(), "rule directory", diags_, add_file);
  } else {
    std::string why;
    if (const auto content = read_file_text(path.string(), why)) {
      add_file(path.string(), *content);
    } else {
      diags_.error({path.string(), 0, 0}, fmt::format("cannot read rule file: {}", why));
    }
  }
  const std::size_t first = rules_.entries().size();
  const std::vector<bool> replaced = rules_.add_all(std::move(layer));
  // A stub (`enabled = false`) that switches off no earlier rule is likely a typo. Suggestions
  // scan every id, so only the first few stubs get one: a hostile file stays linear.
  constexpr std::size_t kMaxSuggestions = 20;
  std::size_t suggested = 0;
  for (std::size_t i = 0; i < replaced.size(); ++i) {
    const Rule& r = rules_.entries()[first + i].rule;
    if (r.enabled || replaced[i]) continue;
    std::string hint;
    if (suggested++ < kMaxSuggestions) {
      std::vector<std::string_view> known;
      for (const auto& e : rules_.entries()) {
        if (e.rule.id != r.id) known.push_back(e.rule.id);
      }
      hint = did_you_mean(r.id, known);
    }
    diags_.warning(r.where,
                   fmt::format("'enabled = false' for rule '{}', which no earlier file defines{}", r.id, hint));
  }
}

RuleSet load_rules(const std::vector<fs::path>& layers, Diagnostics& diags) {
  RuleLoader loader;
  for (const auto& l : layers) loader.add_layer(l);
  diags.append(loader.diagnostics());
  return std::move(loader).take();
}

}  // namespace gp::rules
