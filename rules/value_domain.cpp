#include "rules/value_domain.hpp"

#include <cmath>

namespace gp::rules {

std::optional<std::string> impossible_value(const FeatureDef& def, double value) {
  if (!std::isfinite(value)) return std::string("the value must be a finite number");
  if (def.name == "port") {
    if (value < 0 || value > 65535 || value != std::floor(value))
      return std::string("a port is a whole number from 0 to 65535");
    return std::nullopt;
  }
  if (def.unit == "ratio") {
    if (value < 0 || value > 1) return std::string("a ratio is between 0 and 1");
    return std::nullopt;
  }
  if (def.unit == "bits/byte") {
    if (value < 0 || value > 8) return std::string("entropy is between 0 and 8 bits/byte");
    return std::nullopt;
  }
  if (def.unit == "s") {
    if (value < 0) return std::string("a duration is never negative");
    return std::nullopt;
  }
  if (!def.unit.empty() && value < 0) return "a count of " + std::string(def.unit) + " is never negative";
  return std::nullopt;
}

}  // namespace gp::rules
