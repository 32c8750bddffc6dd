// How regular are the intervals between a conversation's connection starts? Beacons (C2
// check-ins, keep-alive pollers) repeat on a timer with a little jitter; people and
// scanners do not. In RITA's spirit, from the median interval and its median absolute
// deviation: score = 1 - MAD / median, clamped to [0, 1]; needs at least 4 connections.
#pragma once

#include <optional>
#include <span>

#include "common/time.hpp"

namespace gp {

struct BeaconStats {
  double score = 0.0;            // 0..1
  double median_interval = 0.0;  // seconds
};

std::optional<BeaconStats> beacon_stats(std::span<const TimeNs> starts);

}  // namespace gp
