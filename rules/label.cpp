#include "rules/label.hpp"

namespace gp::rules {

std::string_view to_string(Label l) {
  switch (l) {
    case Label::custom_application: return "custom_application";
    case Label::misconfiguration: return "misconfiguration";
    case Label::scanner_noise: return "scanner_noise";
    case Label::suspicious: return "suspicious";
    case Label::unknown: return "unknown";
  }
  return "unknown";
}

std::optional<Label> parse_label(std::string_view text) {
  for (const Label l : {Label::custom_application, Label::misconfiguration, Label::scanner_noise,
                        Label::suspicious, Label::unknown}) {
    if (to_string(l) == text) return l;
  }
  return std::nullopt;
}

}  // namespace gp::rules
