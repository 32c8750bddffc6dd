// Feature values as people read them in reasons and --explain, using the catalogue's units:
// counts bare ("12", the reason's prose names the noun), bytes and seconds with their unit
// ("1.5 MB", "0.25 s"), ratios as decimals or, on request, percentages; unset is "-" as in Zeek.
#pragma once

#include <string>
#include <string_view>

#include "classify/features/feature_catalog.hpp"

namespace gp::rules {

// How a reason template asked for a value: `{f}`, `{f:%}`, `{f:.2}`.
struct ValueStyle {
  bool percent = false;
  int decimals = -1;  // -1 = the unit's default
};

// Shortest faithful text: integers without a fraction ("12"), others with up to 3 decimals
// and no trailing zeros ("0.25", "7.912").
std::string format_number(double v);

std::string format_value(const FeatureDef& def, const FeatureValue& value, ValueStyle style = {});

}  // namespace gp::rules
