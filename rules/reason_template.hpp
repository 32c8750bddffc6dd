// A rule's reason: prose that cites feature values, "{flows} flows from {client_hosts}
// hosts, {unanswered_ratio:%} unanswered". Parsed and checked once at load time; rendering
// only looks values up, so --explain can afford to render every fired rule.
//
// Placeholders: `{feature}` (unit-aware, see value_format.hpp), `{feature:%}` (a ratio as a
// percentage), `{feature:.N}` (N decimals, 0-6). `{{` and `}}` are literal braces.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "classify/features/feature_catalog.hpp"
#include "rules/value_format.hpp"

namespace gp::rules {

struct ReasonPart {
  std::string literal;               // text before the placeholder (or the tail)
  std::optional<FeatureId> feature;  // unset for the tail
  ValueStyle style;
};

struct ReasonTemplate {
  std::string text;
  std::vector<ReasonPart> parts;
};

struct TemplateProblem {
  std::size_t offset;  // byte offset in the template text
  std::string message;
};

// A group rule may cite only group features; a flow rule may cite both (a flow belongs to its group).
// A reason is one sentence rendered for every port a rule speaks for: a longer template is
// refused, and parsing stops after a few problems (each is reported with file:line:col).
inline constexpr std::size_t kMaxReasonBytes = 2048;
inline constexpr std::size_t kMaxReasonProblems = 10;

ReasonTemplate parse_reason(std::string_view text, FeatureScope rule_scope, std::vector<TemplateProblem>& problems);

std::string render(const ReasonTemplate& t, const FeatureValues& values);

}  // namespace gp::rules
