#include "report/time_format.hpp"

#include <chrono>
#include <cstdint>
#include <ctime>

namespace gp::report {
namespace {

struct Micros {
  bool negative;
  std::uint64_t whole_seconds;
  std::uint64_t micros;  // 0 … 999'999
};

// Half away from zero, on the magnitude: durations are never negative in practice, but a
// clock step backwards must still print a sane value.
Micros split(TimeNs t) {
  const bool negative = t < 0;
  const std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(t) : static_cast<std::uint64_t>(t);
  const std::uint64_t us = (magnitude + 500) / 1000;
  return Micros{negative, us / 1'000'000, us % 1'000'000};
}

}  // namespace

void append_seconds(fmt::memory_buffer& out, TimeNs t) {
  const Micros m = split(t);
  fmt::format_to(std::back_inserter(out), "{}{}.{:06}", m.negative ? "-" : "", m.whole_seconds, m.micros);
}

double to_seconds(TimeNs t) {
  const Micros m = split(t);
  // Total microseconds stay below 2^53 for any date this millennium, so the division is the
  // correctly rounded double nearest the six-decimal value and prints back as it.
  const double v = static_cast<double>(m.whole_seconds * 1'000'000 + m.micros) / 1e6;
  return m.negative ? -v : v;
}

void append_header_stamp(fmt::memory_buffer& out, TimeNs t) {
  const std::time_t secs = static_cast<std::time_t>(t / 1'000'000'000);
  std::tm local{};
  localtime_r(&secs, &local);
  fmt::format_to(std::back_inserter(out), "{:04}-{:02}-{:02}-{:02}-{:02}-{:02}", local.tm_year + 1900, local.tm_mon + 1,
                 local.tm_mday, local.tm_hour, local.tm_min, local.tm_sec);
}

TimeNs wall_clock_now() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace gp::report
