// One heuristic rule as loaded from a `[[rule]]` table (see docs/rules.md): the evidence it
// looks for (`when`), the label it supports, the labels it counts against, and how much.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "classify/features/feature_catalog.hpp"
#include "common/diagnostics.hpp"
#include "rules/condition.hpp"
#include "rules/label.hpp"
#include "rules/reason_template.hpp"

namespace gp::rules {

inline constexpr double kMaxWeight = 10.0;

struct Rule {
  std::string id;              // snake_case, unique within a layer
  std::optional<Label> label;  // unset: the rule only counts against labels
  std::vector<Label> against;  // its weight counts against these labels
  double weight = 0;           // (0, kMaxWeight]
  FeatureScope scope = FeatureScope::group;
  ReasonTemplate reason;
  std::string description;
  Condition when;
  bool enabled = true;   // false: an override that switches an earlier rule off
  SourceLocation where;  // the rule's `id` in its file
};

std::string_view to_string(FeatureScope s);
std::optional<FeatureScope> parse_scope(std::string_view text);

}  // namespace gp::rules
