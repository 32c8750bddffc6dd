#include "capture/pipeline/run_capture.hpp"

#include <fmt/format.h>

#include "capture/pipeline/sharded_capture.hpp"

namespace gp {
namespace {
// 1234567 -> "1,234,567", independent of the process locale.
std::string grouped(std::uint64_t n) {
  std::string digits = std::to_string(n);
  for (std::size_t i = digits.size(); i > 3; i -= 3) digits.insert(i - 3, 1, ',');
  return digits;
}
}  // namespace

CaptureSummary run_capture(PacketSource& source, const PipelineOptions& options, FlowSink& sink,
                           PacketObserver* observer) {
  if ((options.workers > 1 || options.read_ahead) && observer == nullptr) {
    return run_capture_sharded(source, options, sink, options.workers);
  }
  CaptureSummary summary;
  PacketPipeline pipeline(options, sink, observer);
  RawFrame frame;
  while (read_counted(source, frame, summary)) pipeline.process(frame);
  pipeline.finish();
  summary.decode = pipeline.decode_counters();
  summary.flows = pipeline.flow_stats();
  return summary;
}

bool read_counted(PacketSource& source, RawFrame& frame, CaptureSummary& summary) {
  const ReadStatus status = source.next(frame);
  if (status != ReadStatus::frame) {
    summary.end = status;
    if (status != ReadStatus::end) summary.error = source.error_message();
    return false;
  }
  ++summary.frames;
  summary.bytes += frame.bytes.size();
  if (frame.ts_clamped) ++summary.clamped_timestamps;
  if (summary.first_ts == 0) summary.first_ts = frame.ts;
  summary.last_ts = frame.ts;
  return true;
}

std::string format_window(TimeNs window) {
  struct Unit {
    TimeNs ns;
    const char* name;
  };
  static constexpr Unit kUnits[] = {{1'000'000'000, "s"}, {1'000'000, "ms"}, {1'000, "us"}, {1, "ns"}};
  for (const Unit& u : kUnits) {
    if (window >= u.ns || u.ns == 1) {
      if (window % u.ns == 0) return fmt::format("{}{}", window / u.ns, u.name);
      return fmt::format("{:g}{}", static_cast<double>(window) / static_cast<double>(u.ns), u.name);
    }
  }
  return "0s";
}

std::string format_summary(const CaptureSummary& s) {
  std::string out = fmt::format("ghostport: {} packets ({} bytes), {} IP packets, {} flows", grouped(s.frames),
                                grouped(s.bytes), grouped(s.decode.ip_packets), grouped(s.flows.flows_created));
  if (s.flows.flows_evicted > 0) {
    out += fmt::format(", {} evicted early by --max-flows (peak {}", grouped(s.flows.flows_evicted),
                       grouped(s.flows.peak_flows));
    if (s.flows.single_packet_evicted > 0) {
      out += fmt::format("; {} of them one-packet flows past their quarter of the table",
                         grouped(s.flows.single_packet_evicted));
    }
    out += ')';
  }
  if (s.workers > 1) out += fmt::format(", on {} worker threads", s.workers);
  if (s.independent_files > 1) out += fmt::format(", {} files read independently", s.independent_files);
  out += '\n';
  if (s.decode.not_ip > 0) out += fmt::format("  {} frames carried no IP\n", grouped(s.decode.not_ip));
  if (s.decode.reassembled > 0) {
    out += fmt::format("  {} IP fragments, {} datagrams reassembled\n", grouped(s.decode.fragments),
                       grouped(s.decode.reassembled));
  }
  for (std::size_t i = 0; i < s.decode.anomalies.size(); ++i) {
    if (s.decode.anomalies[i] == 0) continue;
    out += fmt::format("  anomaly {}: {}\n", to_string(static_cast<Anomaly>(i)), grouped(s.decode.anomalies[i]));
  }
  for (const auto& [what, count] : s.decode.undecoded) {
    out += fmt::format("  {}\n", describe_undecoded(what.first, what.second, count));
  }
  if (s.flows.bad_checksums > 0)
    out += fmt::format("  {} packets with bad checksums ignored\n", grouped(s.flows.bad_checksums));
  for (std::size_t i = 1; i < kTunnelTypes; ++i) {
    const TunnelCounters& t = s.decode.tunnels[i];
    if (t.packets == 0 && t.not_ip == 0 && t.malformed == 0) continue;
    out += fmt::format("  {}: {} inner {} decapsulated", to_string(static_cast<TunnelType>(i)), grouped(t.packets),
                       t.packets == 1 ? "packet" : "packets");
    if (t.not_ip > 0) out += fmt::format(", {} inner {} not IP", grouped(t.not_ip), t.not_ip == 1 ? "frame" : "frames");
    if (t.malformed > 0) out += fmt::format(", {} with a broken tunnel header or inner packet", grouped(t.malformed));
    out += '\n';
  }
  const DuplicateCounters& d = s.decode.duplicates;
  if (d.dropped > 0) {
    out += fmt::format("  {} duplicate {} dropped by --dedup {} (the same packet seen twice: SPAN copies)\n",
                       grouped(d.dropped), d.dropped == 1 ? "packet" : "packets", format_window(d.window));
  }
  if (d.table_pressure > 0) {
    out += fmt::format(
        "  {} recent packets forgotten before the duplicate window ended (more packets per window "
        "than the table holds): some duplicates may have been missed\n",
        grouped(d.table_pressure));
  }
  if (duplicates_kept(s)) {
    out += fmt::format(
        "ghostport: warning: {} {} of a packet seen less than {} before (a SPAN port mirroring both "
        "directions, bonded NICs or VLAN sub-interfaces?) and counted twice: rerun with --dedup {} to drop them\n",
        grouped(d.seen_kept), d.seen_kept == 1 ? "packet was an exact copy" : "packets were exact copies",
        format_window(d.watch_window), format_window(d.watch_window));
  }
  if (s.clamped_timestamps > 0) {
    out += fmt::format(
        "ghostport: warning: {} {} a time before 1970 or after 2106 (a corrupt or mis-set clock); "
        "{} moved to the nearest end of that range, so durations and timeouts near {} are wrong\n",
        grouped(s.clamped_timestamps), s.clamped_timestamps == 1 ? "packet had" : "packets had",
        s.clamped_timestamps == 1 ? "it was" : "they were", s.clamped_timestamps == 1 ? "it" : "them");
  }
  if (!s.error.empty()) out += fmt::format("ghostport: warning: {}\n", s.error);
  return out;
}

}  // namespace gp
