#include "classify/features/beacon.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace gp {
namespace {
double median_of(std::vector<double>& v) {
  const std::size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  double m = v[mid];
  if (v.size() % 2 == 0) {
    const double lower = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid));
    m = (m + lower) / 2.0;
  }
  return m;
}
}  // namespace

std::optional<BeaconStats> beacon_stats(std::span<const TimeNs> starts) {
  if (starts.size() < 4) return std::nullopt;
  std::vector<TimeNs> sorted(starts.begin(), starts.end());
  std::sort(sorted.begin(), sorted.end());
  std::vector<double> intervals;
  intervals.reserve(sorted.size() - 1);
  for (std::size_t i = 1; i < sorted.size(); ++i)
    intervals.push_back(static_cast<double>(sorted[i] - sorted[i - 1]) / 1e9);
  const double median = median_of(intervals);
  if (median <= 0.0) return BeaconStats{0.0, 0.0};
  std::vector<double> deviations;
  deviations.reserve(intervals.size());
  for (double x : intervals) deviations.push_back(std::fabs(x - median));
  const double mad = median_of(deviations);
  return BeaconStats{std::clamp(1.0 - mad / median, 0.0, 1.0), median};
}

}  // namespace gp
