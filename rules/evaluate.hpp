// Evaluating conditions on one flow's or group's feature values. Pure: no I/O, no
// allocation, no exceptions. A test on a feature the values leave unset is false — "unknown"
// is never evidence — and so is one whose value has the wrong type.
#pragma once

#include "classify/features/feature_catalog.hpp"
#include "rules/condition.hpp"

namespace gp::rules {

bool evaluate(const Condition& c, const FeatureValues& values);

}  // namespace gp::rules
