// The periodic summary of `ghostport live`: a few human lines for stderr and the same numbers
// as a `stats` event, so a soak run or a dashboard can follow packets/s, drops and memory.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "capture/decode/counters.hpp"
#include "capture/source/live_source.hpp"
#include "live/event_writer.hpp"
#include "live/live_monitor.hpp"

namespace gp::live {

struct SummaryInput {
  std::string interface;
  TimeNs now = 0;    // wall clock
  TimeNs since = 0;  // start of the interval (the start of the run for the final one)
  bool final = false;
  std::uint64_t packets = 0;  // since the start
  std::uint64_t bytes = 0;
  std::uint64_t interval_packets = 0;  // since `since`
  std::uint64_t interval_bytes = 0;
  LiveStats capture;                 // since the start
  std::uint64_t interval_drops = 0;  // kernel + interface, since `since`
  std::uint64_t open_flows = 0;
  std::uint64_t evicted_flows = 0;     // --max-flows
  std::uint64_t unmodelled_flows = 0;  // --max-conversations
  std::uint64_t rss_bytes = 0;
  DuplicateCounters duplicates;  // SPAN copies since the start: dropped (--dedup) or kept
  MonitorCounters monitor;
  std::vector<PortFlows> top_ports;
  std::vector<ActiveScan> scans;
};

// Says, every interval, when SPAN copies are being counted twice (--dedup off) and which
// --dedup would drop them.
std::string format_summary_text(const SummaryInput& in);
// Also gives the drop rate: the share of the interval's packets the kernel or the interface
// lost (dropped / (captured + dropped)).
Event summary_event(const SummaryInput& in, scan::TimeFormat time_format = scan::TimeFormat::epoch);

// Resident set size of this process, from /proc/self/statm (0 if unreadable).
std::uint64_t resident_bytes();

// The drop warning, said once when drops start (and again after a quiet interval).
std::string drops_warning(const std::string& interface, std::uint64_t new_drops, double seconds,
                          const LiveStats& total);

}  // namespace gp::live
