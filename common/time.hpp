// Time, as every part of ghostport counts it.
#pragma once

#include <cstdint>

namespace gp {

// Nanoseconds since the Unix epoch; every timestamp in ghostport uses this unit.
using TimeNs = std::int64_t;

}  // namespace gp
