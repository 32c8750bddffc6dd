#include "tools/ghostport/capture_options.hpp"

#include <sched.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <thread>

#include "capture/source/merged_source.hpp"

namespace gp::cli {
namespace {
TimeNs seconds(double s) { return static_cast<TimeNs>(std::llround(s * 1e9)); }
}  // namespace

std::optional<TimeNs> parse_window(std::string_view text) {
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || !std::isfinite(value)) return std::nullopt;
  const std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
  double scale = 0;
  if (unit.empty() || unit == "s") {
    scale = 1e9;
  } else if (unit == "ms") {
    scale = 1e6;
  } else if (unit == "us" || unit == "\u00b5s") {
    scale = 1e3;
  } else if (unit == "ns") {
    scale = 1;
  } else {
    return std::nullopt;
  }
  const double ns = value * scale;
  if (!(ns >= 1) || ns > 60e9) return std::nullopt;
  return static_cast<TimeNs>(std::llround(ns));
}

unsigned usable_cores() {
  // The cores this process may run on (taskset, a container's cpuset), not the machine's:
  // std::thread::hardware_concurrency() counts every online core.
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) == 0) return static_cast<unsigned>(std::max(1, CPU_COUNT(&set)));
  return std::max(1U, std::thread::hardware_concurrency());
}

void CaptureOptions::add_to(CLI::App& cmd) {
  cmd.add_option("-r,--read", read_files,
                 "Capture file to read (pcap or pcapng; - for standard input); give -r again to read several "
                 "files merged by timestamp, as mergecap does")
      ->required()
      ->allow_extra_args(false);
  cmd.add_option("filter", filter_words, "BPF filter expression, as in tcpdump (see pcap-filter(7))");
  cmd.add_option("--max-flows", max_flows,
                 "Most flows tracked at once (about 1.2 KB each); when full, the least recently active flow is "
                 "ended early and counted, or the least recently active unanswered one while unanswered flows "
                 "fill a sixteenth of the table (a flood); flows of one packet hold at most a quarter of it")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}));
  cmd.add_option("--tcp-timeout", tcp_inactivity, "TCP inactivity timeout, seconds (Zeek: 300)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd.add_option("--udp-timeout", udp_inactivity, "UDP inactivity timeout, seconds (Zeek: 60)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd.add_option("--icmp-timeout", icmp_inactivity, "ICMP inactivity timeout, seconds (Zeek: 60)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd.add_option("--dedup", dedup,
                 "Drop SPAN duplicates: a packet seen again within WINDOW (e.g. 1ms, 500us), its bytes equal "
                 "but for TTL, checksums and VLAN tags; duplicates are counted in the summary")
      ->type_name("WINDOW")
      ->check(CLI::Validator(
          [](std::string& text) {
            return parse_window(text).has_value()
                       ? std::string{}
                       : "'" + text + "' is not a window: give a duration above 0 and at most 60s, like 1ms or 500us";
          },
          ""));
  CLI::Option* jobs =
      cmd.add_option("-j,--threads", threads,
                     "Worker threads, 0 for one per core: packets are spread by a hash of their IP addresses so each "
                     "flow stays on one worker (live: an AF_PACKET fanout group); from files the output is what one "
                     "thread gives; --max-flows is split between the workers. Files are read on a thread of their own "
                     "(with -j 1 too, when there is more than one core)")
          ->capture_default_str()
          ->check(CLI::Range(0U, 256U));
  cmd.add_flag("--one-thread", one_thread,
               "With -j 1: read, track flows and analyse on the calling thread alone, with no read-ahead thread "
               "(the output is the same either way)")
      ->excludes(jobs);
  cmd.add_flag("--parallel-files", parallel_files,
               "With several -r: read each file on its own thread as a capture of its own (a flow never spans "
               "two files) instead of merging them by timestamp; finished flows are still taken in time order");
  cmd.add_flag("--verify-checksums", verify_checksums,
               "Check TCP and UDP checksums as Zeek does without -C; a packet that fails is only counted "
               "(history C)");
}

std::unique_ptr<PacketSource> CaptureOptions::open() const { return open_file_sources(read_files, filter()); }

CaptureOptions::Input CaptureOptions::open_input() const {
  Input in;
  if (!parallel_files || read_files.size() < 2) {
    in.merged = open();
    return in;
  }
  for (const auto& path : read_files)
    in.separate.push_back(NamedSource{path, open_file_source(FileSourceOptions{path, filter()})});
  return in;
}

CaptureSummary CaptureOptions::run(Input input, FlowSink& sink, PacketObserver* observer) const {
  if (input.merged) return run_capture(*input.merged, pipeline(), sink, observer);
  return run_files_independently(std::move(input.separate), pipeline(), sink);
}

std::string CaptureOptions::input_name() const {
  std::string names;
  for (const auto& f : read_files) names += (names.empty() ? "" : ", ") + f;
  return names;
}

std::string CaptureOptions::filter() const {
  std::string f;
  for (const auto& w : filter_words) {
    if (!f.empty()) f += ' ';
    f += w;
  }
  return f;
}

PipelineOptions CaptureOptions::pipeline() const {
  PipelineOptions p;
  p.flows.max_flows = max_flows;
  p.flows.timeouts.tcp_inactivity = seconds(tcp_inactivity);
  p.flows.timeouts.udp_inactivity = seconds(udp_inactivity);
  p.flows.timeouts.icmp_inactivity = seconds(icmp_inactivity);
  p.flows.timeouts.other_inactivity = seconds(udp_inactivity);
  if (!dedup.empty()) p.decoder.dedup_window = parse_window(dedup).value_or(0);  // validated by the option
  p.decoder.verify_checksums = verify_checksums;
  const unsigned cores = usable_cores();
  p.workers = threads > 0 ? threads : cores;
  // A second thread that only reads pays off when it gets a core of its own.
  p.read_ahead = p.workers == 1 && !one_thread && cores > 1;
  return p;
}

}  // namespace gp::cli
