// The two clocks live mode runs on: the wall clock (event times, idle timers, health) and a
// monotonic one (when the next once-a-second job is due, immune to clock steps).
#pragma once

#include <time.h>

#include "common/time.hpp"

namespace gp::live {

inline TimeNs clock_ns(clockid_t clock) {
  timespec ts{};
  ::clock_gettime(clock, &ts);
  return TimeNs{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}
inline TimeNs wall_now() { return clock_ns(CLOCK_REALTIME); }
inline TimeNs steady_now() { return clock_ns(CLOCK_MONOTONIC); }

}  // namespace gp::live
