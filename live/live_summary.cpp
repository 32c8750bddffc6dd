#include "live/live_summary.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "capture/pipeline/run_capture.hpp"
#include "classify/features/conversation_features.hpp"
#include "report/time_format.hpp"

namespace gp::live {
namespace {

std::string grouped(std::uint64_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

double interval_seconds(const SummaryInput& in) { return std::max(1e-3, static_cast<double>(in.now - in.since) / 1e9); }

double drop_percent(const LiveStats& s) {
  const std::uint64_t lost = s.kernel_drops + s.interface_drops;
  const std::uint64_t seen = s.received + s.interface_drops;
  return seen == 0 ? 0.0 : 100.0 * static_cast<double>(lost) / static_cast<double>(seen);
}

std::string clock_text(TimeNs t) {
  const std::time_t secs = static_cast<std::time_t>(t / 1'000'000'000);
  std::tm tm{};
  localtime_r(&secs, &tm);
  return fmt::format("{:02}:{:02}:{:02}", tm.tm_hour, tm.tm_min, tm.tm_sec);
}

}  // namespace

std::uint64_t resident_bytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  unsigned long size = 0;
  unsigned long resident = 0;
  const int n = std::fscanf(f, "%lu %lu", &size, &resident);
  std::fclose(f);
  if (n != 2) return 0;
  return static_cast<std::uint64_t>(resident) * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}

std::string format_summary_text(const SummaryInput& in) {
  const double secs = interval_seconds(in);
  const double pps = static_cast<double>(in.interval_packets) / secs;
  const double mbps = static_cast<double>(in.interval_bytes) * 8.0 / secs / 1e6;
  std::string out = fmt::format(
      "ghostport live {} {}{}: {:.0f} packets/s, {:.2f} Mbit/s{}; {} packets; flows: {} open, {} ended; drops: {} "
      "kernel, "
      "{} interface ({:.3f}%); rss {:.1f} MB\n",
      in.interface, clock_text(in.now), in.final ? " (final)" : "", pps, mbps, in.final ? " on average" : "",
      grouped(in.packets), grouped(in.open_flows), grouped(in.monitor.flows), grouped(in.capture.kernel_drops),
      grouped(in.capture.interface_drops), drop_percent(in.capture), static_cast<double>(in.rss_bytes) / 1e6);
  std::string labels;
  for (std::size_t i = 0; i < kLabelCount; ++i) {
    const auto l = static_cast<rules::Label>(i);
    if (l == rules::Label::unknown || in.monitor.conversations_by_label[i] == 0) continue;
    labels += fmt::format("{}{} {}", labels.empty() ? "" : ", ", rules::to_string(l),
                          grouped(in.monitor.conversations_by_label[i]));
  }
  const std::uint64_t unknown = in.monitor.conversations_by_label[static_cast<std::size_t>(rules::Label::unknown)];
  out +=
      fmt::format("  labels (conversations): {}{}{} unknown\n", labels, labels.empty() ? "" : ", ", grouped(unknown));
  if (!in.top_ports.empty()) {
    std::string ports;
    for (const PortFlows& p : in.top_ports) {
      ports +=
          fmt::format("{}{}/{} {}", ports.empty() ? "" : ", ", p.port, transport_name(p.ip_proto), grouped(p.flows));
    }
    out += fmt::format("  top ports (flows): {}\n", ports);
  }
  if (!in.scans.empty()) {
    std::string scans;
    std::size_t shown = 0;
    for (const ActiveScan& s : in.scans) {
      if (++shown > 5) break;
      scans += fmt::format("{}{} ({}, {})", scans.empty() ? "" : ", ", s.source.to_string(), scan::to_string(s.type),
                           scan::to_string(s.tool));
    }
    if (in.scans.size() > 5) scans += fmt::format(" and {} more", in.scans.size() - 5);
    out += fmt::format("  scanning now: {}\n", scans);
  }
  const DuplicateCounters& d = in.duplicates;
  if (d.kept()) {
    out += fmt::format(
        "  duplicates: {} packets were exact copies of one seen less than {} before (SPAN mirroring both "
        "directions?) and are counted twice: restart with --dedup {}\n",
        grouped(d.seen_kept), format_window(d.watch_window), format_window(d.watch_window));
  } else if (d.dropped > 0) {
    out += fmt::format("  duplicates: {} dropped by --dedup {}\n", grouped(d.dropped), format_window(d.window));
  }
  if (in.evicted_flows > 0 || in.unmodelled_flows > 0) {
    out += fmt::format("  caps: {} flows ended early by --max-flows, {} flows not judged (--max-conversations full)\n",
                       grouped(in.evicted_flows), grouped(in.unmodelled_flows));
  }
  return out;
}

Event summary_event(const SummaryInput& in, scan::TimeFormat time_format) {
  const double secs = interval_seconds(in);
  Event e;
  e["event"] = "stats";
  if (in.final) e["final"] = true;
  e["ts"] = scan::time_json(in.now, time_format);
  e["interface"] = in.interface;
  e["interval"] = secs;
  e["packets"] = in.packets;
  e["bytes"] = in.bytes;
  e["packets_per_second"] = static_cast<double>(in.interval_packets) / secs;
  e["bits_per_second"] = static_cast<double>(in.interval_bytes) * 8.0 / secs;
  e["received"] = in.capture.received;
  e["kernel_drops"] = in.capture.kernel_drops;
  e["interface_drops"] = in.capture.interface_drops;
  e["interval_drops"] = in.interval_drops;
  const std::uint64_t offered = in.interval_packets + in.interval_drops;
  e["drop_rate"] = offered == 0 ? 0.0 : static_cast<double>(in.interval_drops) / static_cast<double>(offered);
  e["open_flows"] = in.open_flows;
  e["flows"] = in.monitor.flows;
  e["interim_records"] = in.monitor.interim_records;
  // Announced connections left `unknown` until the final events: too many waited at once.
  if (in.monitor.awaiting_control_dropped > 0) e["awaiting_control_dropped"] = in.monitor.awaiting_control_dropped;
  e["evicted_flows"] = in.evicted_flows;
  e["unmodelled_flows"] = in.unmodelled_flows;
  e["rss_bytes"] = in.rss_bytes;
  e["duplicates_dropped"] = in.duplicates.dropped;  // --dedup on
  e["duplicates_kept"] = in.duplicates.seen_kept;   // --dedup off: counted twice
  auto labels = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < kLabelCount; ++i) {
    labels[std::string(rules::to_string(static_cast<rules::Label>(i)))] = in.monitor.conversations_by_label[i];
  }
  e["conversations_by_label"] = labels;
  auto ports = nlohmann::ordered_json::array();
  for (const PortFlows& p : in.top_ports) {
    ports.push_back({{"port", p.port}, {"transport", transport_name(p.ip_proto)}, {"flows", p.flows}});
  }
  e["top_ports"] = ports;
  // The first 20 by start (a flood of scanners must not make one line megabytes long).
  auto scans = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < in.scans.size() && i < 20; ++i) {
    const ActiveScan& s = in.scans[i];
    scans.push_back(
        {{"source", s.source.to_string()}, {"type", scan::to_string(s.type)}, {"tool", scan::to_string(s.tool)}});
  }
  e["scanning_count"] = in.scans.size();
  e["scanning"] = scans;
  return e;
}

std::string drops_warning(const std::string& interface, std::uint64_t new_drops, double seconds,
                          const LiveStats& total) {
  return fmt::format(
      "ghostport live: warning: {} packets dropped on {} in the last {:.0f} s ({} kernel, {} interface in all): the "
      "capture cannot keep up; flows lose packets and labels may be wrong. Raise the buffer (-B KiB), narrow the BPF "
      "filter, or lower --snaplen\n",
      grouped(new_drops), interface, seconds, grouped(total.kernel_drops), grouped(total.interface_drops));
}

}  // namespace gp::live
