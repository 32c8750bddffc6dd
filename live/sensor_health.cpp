#include "live/sensor_health.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace gp::live {
namespace {

double seconds_between(TimeNs from, TimeNs to) { return static_cast<double>(to - from) / 1e9; }

}  // namespace

SensorHealth::SensorHealth(std::string interface, HealthOptions options, EventWriter& events, TimeNs now)
    : interface_(std::move(interface)), options_(options), events_(events), quiet_since_(now) {}

void SensorHealth::emit(std::string_view status, TimeNs now, std::string_view extra_key, double extra) {
  Event e;
  e["event"] = "health";
  e["ts"] = events_.time(now);
  e["interface"] = interface_;
  e["status"] = status;
  if (!extra_key.empty()) e[std::string(extra_key)] = extra;
  events_.write(e);
}

void SensorHealth::link_down(TimeNs now) {
  if (down_) return;
  down_ = true;
  down_since_ = now;
  ++down_count_;
  emit("interface_down", now);
  if (!options_.quiet) {
    fmt::print(stderr, "ghostport live: warning: interface {} went down; capture resumes when it comes back up\n",
               interface_);
  }
}

void SensorHealth::link_up(TimeNs now) {
  down_ = false;
  quiet_since_ = std::max(quiet_since_, now);  // the time it was down is not the feed's silence
  emit("interface_up", now, "down_seconds", seconds_between(down_since_, now));
  if (!options_.quiet) {
    fmt::print(stderr, "ghostport live: interface {} is up again after {:.1f} s; capturing\n", interface_,
               seconds_between(down_since_, now));
  }
}

bool SensorHealth::tick(LinkState state, TimeNs now) {
  if (state == LinkState::gone) return false;
  if (state == LinkState::down) link_down(now);
  else if (down_) link_up(now);
  quiet_since_ = std::max(quiet_since_, last_packet_);
  // A silent link that is down is already explained.
  if (down_ || silent_ || options_.silence_alarm <= 0 || now - quiet_since_ < options_.silence_alarm) return true;
  silent_ = true;
  silent_since_ = quiet_since_;
  ++silence_count_;
  const bool never = last_packet_ == 0;
  emit("no_packets", now, "silent_seconds", seconds_between(quiet_since_, now));
  if (!options_.quiet) {
    fmt::print(stderr,
               "ghostport live: warning: no packet on {} for {:.0f} s{}: is the span port or tap still feeding "
               "it?\n",
               interface_, seconds_between(quiet_since_, now), never ? " (none since the start)" : "");
  }
  return true;
}

void SensorHealth::packet_after_trouble(TimeNs now) {
  if (down_) link_up(now);
  if (silent_) {
    silent_ = false;
    emit("packets_resumed", now, "silent_seconds", seconds_between(silent_since_, now));
    if (!options_.quiet) fmt::print(stderr, "ghostport live: packets are arriving on {} again\n", interface_);
  }
}

}  // namespace gp::live
