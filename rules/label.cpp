#include "rules/label.hpp"

namespace gp::rules {

std::optional<Label> parse_label(std::string_view text) {
  for (const Label l : kAllLabels) {
    if (to_string(l) == text) return l;
  }
  return std::nullopt;
}

int severity_rank(Label l) {
  switch (l) {
    case Label::suspicious: return 0;
    case Label::misconfiguration: return 1;
    case Label::custom_application: return 2;
    case Label::scanner_noise: return 3;
    case Label::unknown: return 4;
  }
  return 4;
}

int severity_rank(std::string_view label) {
  const auto l = parse_label(label);
  return l ? severity_rank(*l) : 5;
}

}  // namespace gp::rules
