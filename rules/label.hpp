// The four labels ghostport gives traffic on orphaned ports, plus `unknown` for traffic no
// rule explains. One vocabulary for the CLI, the rule loader and every report writer.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace gp::rules {

enum class Label : std::uint8_t { custom_application, misconfiguration, scanner_noise, suspicious, unknown };

inline constexpr std::size_t kLabelCount = 5;  // unknown included
inline constexpr std::array<Label, kLabelCount> kAllLabels{Label::custom_application, Label::misconfiguration,
                                                           Label::scanner_noise, Label::suspicious, Label::unknown};

// The labels a rule may support or count against (`unknown` is only ever a verdict).
inline constexpr std::array<Label, 4> kRuleLabels{Label::custom_application, Label::misconfiguration,
                                                  Label::scanner_noise, Label::suspicious};

constexpr std::string_view to_string(Label l) {
  switch (l) {
    case Label::custom_application: return "custom_application";
    case Label::misconfiguration: return "misconfiguration";
    case Label::scanner_noise: return "scanner_noise";
    case Label::suspicious: return "suspicious";
    case Label::unknown: return "unknown";
  }
  return "unknown";
}
std::optional<Label> parse_label(std::string_view text);

// Triage order, what needs a look first: suspicious 0, misconfiguration 1, custom_application 2,
// scanner_noise 3, unknown 4 (and 5 for text that names no label).
int severity_rank(Label l);
int severity_rank(std::string_view label);

}  // namespace gp::rules
