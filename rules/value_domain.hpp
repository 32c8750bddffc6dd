// Values a feature can never take, judged from its unit: a ratio outside [0, 1], a negative
// count, duration or byte total, an entropy outside [0, 8] bits/byte, a port above 65535.
// A rule comparing against such a value is a typo (0.8 written as 80), never intent.
#pragma once

#include <optional>
#include <string>

#include "classify/features/feature_catalog.hpp"

namespace gp::rules {

// Why `value` is impossible for `def` ("a ratio is between 0 and 1"), or nullopt when it is possible.
std::optional<std::string> impossible_value(const FeatureDef& def, double value);

}  // namespace gp::rules
