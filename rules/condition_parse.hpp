// The `when` language: a TOML table whose keys are feature names (all must hold) or the
// combinators `all = [{…}, …]`, `any = [{…}, …]` and `not = {…}`. Values by feature type:
//   number   flows = ">= 10"   port = 3255   port = [3206, 3255]   completed_ratio = "0.2..0.9"
//   boolean  client_internal = true
//   text     transport = "tcp"   standing = ["orphaned", "unassigned"]
//   address  server_addr = "10.0.0.0/8"   client_addr = ["10.0.0.0/8", "fd00::/8"]
// Every name, type and value is checked against the feature catalogue; problems become
// diagnostics at the offending key or value, and parsing goes on so all are reported at once.
#pragma once

#include <toml++/toml.h>

#include <string>

#include "classify/features/feature_catalog.hpp"
#include "common/diagnostics.hpp"
#include "rules/condition.hpp"

namespace gp::rules {

struct ConditionContext {
  const std::string& file;
  FeatureScope scope;  // a group rule may not test flow features
  Diagnostics& diags;
};

// The deepest nesting of tables in a condition (`not = { not = { ... } }`, `all`/`any`
// elements); deeper is an error at the table that goes past it.
inline constexpr int kMaxConditionDepth = 32;

Condition parse_when(const toml::table& when, const ConditionContext& ctx);

}  // namespace gp::rules
