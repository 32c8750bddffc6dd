// Sensor health for ghostport live (issue 13): the interface going down and coming back, and
// a link that stays silent. Each change of state is one `health` event and one line on
// stderr, so an operator's alerting can key on `"event":"health"` and never on a flood.
//
// Going down does not end the run: the capture socket stays bound to the interface and the
// kernel re-attaches it when the interface comes back up, so capture resumes by itself and
// without privileges (-Z). An interface that is removed (or replaced by a new one of the same
// name) is gone for good; LiveRun ends then, as before.
#pragma once

#include <cstdint>
#include <string>

#include "capture/source/live_source.hpp"
#include "live/event_writer.hpp"

namespace gp::live {

struct HealthOptions {
  TimeNs silence_alarm = 60'000'000'000;  // no packet for this long: `no_packets` (0: off)
  bool quiet = false;                     // no stderr lines (the events are still written)
};

class SensorHealth {
 public:
  SensorHealth(std::string interface, HealthOptions options, EventWriter& events, TimeNs now);

  // Capture starts now: silence is measured from here, not from the setup before it.
  void capture_started(TimeNs now) { quiet_since_ = now; }
  // A packet arrived at wall-clock `now` (cheap when all is well: one store, one test).
  void packet(TimeNs now) {
    last_packet_ = now;
    if (silent_ || down_) packet_after_trouble(now);
  }
  // The capture reported the link down (LiveRead::link_down).
  void link_down(TimeNs now);
  // Once a second: the interface's state as the kernel has it. Returns false when it is gone.
  bool tick(LinkState state, TimeNs now);

  bool down() const { return down_; }
  std::uint64_t down_count() const { return down_count_; }
  std::uint64_t silence_count() const { return silence_count_; }

 private:
  void packet_after_trouble(TimeNs now);
  void link_up(TimeNs now);
  void emit(std::string_view status, TimeNs now, std::string_view extra_key = {}, double extra = 0);

  std::string interface_;
  HealthOptions options_;
  EventWriter& events_;
  TimeNs last_packet_ = 0;
  TimeNs quiet_since_;  // silence is measured from here: the last packet, or the link's return
  bool silent_ = false;
  bool down_ = false;
  TimeNs down_since_ = 0;
  TimeNs silent_since_ = 0;
  std::uint64_t down_count_ = 0;
  std::uint64_t silence_count_ = 0;
};

}  // namespace gp::live
