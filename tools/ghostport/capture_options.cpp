#include "tools/ghostport/capture_options.hpp"

#include <cmath>

namespace gp::cli {
namespace {
TimeNs seconds(double s) { return static_cast<TimeNs>(std::llround(s * 1e9)); }
}  // namespace

void CaptureOptions::add_to(CLI::App& cmd) {
  cmd.add_option("-r,--read", read_file, "Capture file to read (pcap or pcapng; - for standard input)")
      ->required();
  cmd.add_option("filter", filter_words, "BPF filter expression, as in tcpdump (see pcap-filter(7))");
  cmd.add_option("--max-flows", max_flows,
                 "Most flows tracked at once; when full the least recently active flow is ended early and "
                 "counted")
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
  return p;
}

}  // namespace gp::cli
