// `ghostport rules`: validate rule files (check), show what is loaded and what overrides
// what (list), and print the feature catalogue rules can test (features; docs/rules.md's
// feature table is `rules features -F md`). A thin shell over rules/.
#include <fmt/core.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "classify/features/feature_catalog.hpp"
#include "common/terminal_text.hpp"
#include "rules/rule_loader.hpp"
#include "rules/value_format.hpp"
#include "tools/ghostport/commands.hpp"
#include "common/exit_status.hpp"

namespace gp::cli {

namespace {

namespace fs = std::filesystem;
using namespace gp::rules;

struct RulesOptions {
  std::vector<std::string> files;  // check: the files; list: --rules layers
  std::string rules_dir;
  std::string format = "text";
  bool verbose = false;
};

// Prints every diagnostic; returns the number of errors.
std::size_t report(const Diagnostics& diags) {
  for (const auto& d : diags.all()) fmt::print(stderr, "{}\n", format(d));
  return diags.error_count();
}

fs::path rules_dir(const RulesOptions& o) { return o.rules_dir.empty() ? default_rules_dir() : fs::path(o.rules_dir); }

int run_check(const RulesOptions& o) {
  RuleLoader loader;
  for (const auto& f : o.files) loader.add_layer(f);
  const std::size_t errors = report(loader.diagnostics());
  const auto& set = loader.rules();
  std::size_t active = set.active_count();
  if (errors > 0) {
    fmt::print(stderr, "ghostport rules check: {} error(s); {} rule(s) without errors\n", errors, set.entries().size());
    return exit_code::kError;
  }
  if (o.verbose) fmt::print("{} rule(s) loaded, {} active, no errors\n", set.entries().size(), active);
  return exit_code::kOk;
}

std::string where_text(const SourceLocation& w) { return fmt::format("{}:{}:{}", printable(w.file), w.line, w.column); }

std::string labels_text(const Rule& r) {
  std::string s = r.label ? std::string(to_string(*r.label)) : std::string("-");
  if (!r.against.empty()) {
    std::vector<std::string_view> names;
    for (const Label l : r.against) names.push_back(to_string(l));
    s += fmt::format(" (against {})", fmt::join(names, ","));
  }
  return s;
}

int run_list(const RulesOptions& o) {
  RuleLoader loader;
  loader.add_layer(rules_dir(o));
  for (const auto& f : o.files) loader.add_layer(f);
  const std::size_t errors = report(loader.diagnostics());
  fmt::print("{:<40} {:<46} {:>6} {:<5} {:<10} {}\n", "ID", "LABEL", "WEIGHT", "SCOPE", "STATUS", "SOURCE");
  for (const auto& e : loader.rules().entries()) {
    const Rule& r = e.rule;
    std::string status(to_string(e.status));
    if (e.replaced_by) status += fmt::format(" by {}", where_text(*e.replaced_by));
    // Everything from a rule file is escaped on its way to the terminal (terminal_text.hpp).
    fmt::print("{:<40} {:<46} {:>6} {:<5} {:<10} {}\n", printable(r.id), r.enabled ? labels_text(r) : "-",
               r.enabled ? format_number(r.weight) : "-", to_string(r.scope), status, where_text(r.where));
    if (o.verbose && r.enabled) {
      fmt::print("    when:   {}\n    reason: {}\n", printable(describe(r.when)), printable(r.reason.text));
    }
  }
  return errors > 0 ? exit_code::kError : exit_code::kOk;
}

std::string_view type_text(FeatureType t) {
  switch (t) {
    case FeatureType::number: return "number";
    case FeatureType::boolean: return "boolean";
    case FeatureType::text: return "text";
    case FeatureType::address: return "address";
  }
  return "?";
}

int run_features(const RulesOptions& o) {
  if (o.format == "md") {
    fmt::print("| feature | scope | type | unit | description |\n|---|---|---|---|---|\n");
    for (const auto& d : feature_catalog()) {
      std::string desc(d.description);
      if (!d.allowed_values.empty()) desc += fmt::format(": `{}`", fmt::join(d.allowed_values, "`, `"));
      fmt::print("| `{}` | {} | {} | {} | {} |\n", d.name, to_string(d.scope), type_text(d.type), d.unit, desc);
    }
    return exit_code::kOk;
  }
  fmt::print("{:<26} {:<5} {:<7} {:<9} {}\n", "FEATURE", "SCOPE", "TYPE", "UNIT", "DESCRIPTION");
  for (const auto& d : feature_catalog()) {
    fmt::print("{:<26} {:<5} {:<7} {:<9} {}\n", d.name, to_string(d.scope), type_text(d.type),
               d.unit.empty() ? "-" : d.unit, d.description);
    if (!d.allowed_values.empty()) fmt::print("{:<50}values: {}\n", "", fmt::join(d.allowed_values, ", "));
  }
  return exit_code::kOk;
}

}  // namespace

void add_rules_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("rules", "Check rule files, list the loaded rules, show the features rules can test");
  cmd->require_subcommand(1);

  auto check = std::make_shared<RulesOptions>();
  auto* c = cmd->add_subcommand("check", "Validate rule files (every error, with file:line:col); exit 1 on any error");
  c->add_option("FILE", check->files, "rule files or directories (each one a layer)")->required();
  c->add_flag("-v,--verbose", check->verbose, "say how many rules loaded");
  c->callback([check] { exit_status() = run_check(*check); });

  auto list = std::make_shared<RulesOptions>();
  auto* l = cmd->add_subcommand("list", "The default rules plus --rules files: what is active, overridden or disabled");
  l->add_option("--rules", list->files, "rule files or directories loaded after the defaults, in order");
  l->add_option("--rules-dir", list->rules_dir,
                "the default rules (default: $GHOSTPORT_RULES_DIR, else the rules/default shipped with ghostport)");
  l->add_flag("-v,--verbose", list->verbose, "show each rule's condition and reason");
  l->callback([list] { exit_status() = run_list(*list); });

  auto features = std::make_shared<RulesOptions>();
  auto* f = cmd->add_subcommand("features", "The feature catalogue: every name a rule can test, with type and unit");
  f->add_option("-F,--format", features->format, "text or md (a Markdown table)")
      ->check(CLI::IsMember({"text", "md"}))
      ->capture_default_str();
  f->callback([features] { exit_status() = run_features(*features); });

  cmd->footer(
      "Examples:\n"
      "  ghostport rules check site.toml            validate; errors as file:line:col\n"
      "  ghostport rules list --rules site.toml     defaults, then site.toml overriding by id\n"
      "  ghostport rules features -F md             the feature table for docs\n");
}

}  // namespace gp::cli
