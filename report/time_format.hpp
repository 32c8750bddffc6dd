// Time as Zeek logs show it. ghostport keeps nanoseconds; Zeek logs microseconds ("%.6f" of
// a double). Conversions round to the nearest microsecond in integer arithmetic, so a value
// prints the same on every platform and never shows binary-float noise.
#pragma once

#include <fmt/format.h>

#include "common/time.hpp"

namespace gp::report {

// Seconds with exactly six decimals, as Zeek writes time and interval fields: "1300475167.096535".
void append_seconds(fmt::memory_buffer& out, TimeNs t);

// The same value as a double, for JSON (Zeek's JSON writer emits epoch seconds as numbers).
double to_seconds(TimeNs t);

// Zeek's #open / #close stamp: local time as "%Y-%m-%d-%H-%M-%S".
void append_header_stamp(fmt::memory_buffer& out, TimeNs t);

// Wall-clock time now, the default for #open / #close as in Zeek.
TimeNs wall_clock_now();

}  // namespace gp::report
