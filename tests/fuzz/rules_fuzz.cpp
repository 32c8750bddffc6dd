// Fuzz target: one TOML rule file through the rule loader (schema, feature names, condition
// expressions, reason templates). Every problem must become a diagnostic at file:line:col,
// never a crash or an exception escaping the loader.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "rules/rule_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  gp::registry::Diagnostics diags;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)gp::rules::parse_rule_file("fuzz.toml", text, diags);
  return 0;
}
