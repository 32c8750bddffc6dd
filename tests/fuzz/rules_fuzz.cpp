// Fuzz target: one TOML rule file through the rule loader (schema, feature names, condition
// expressions, reason templates, nesting of `not`/`all`/`any` as headers and inline tables).
// Every problem must become a diagnostic at file:line:col, never a crash or an exception
// escaping the loader. What loaded is layered into a RuleSet and described, as `rules list`.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "rules/rule_file.hpp"
#include "rules/rule_set.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  gp::Diagnostics diags;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  gp::rules::RuleSet set;
  (void)set.add_all(gp::rules::parse_rule_file("fuzz.toml", text, diags));
  for (const auto& e : set.entries()) (void)gp::rules::describe(e.rule.when);
  return 0;
}
