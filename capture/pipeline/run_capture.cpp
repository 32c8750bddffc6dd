#include "capture/pipeline/run_capture.hpp"

#include <fmt/format.h>

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
  CaptureSummary summary;
  Decoder decoder(options.decoder);
  FlowTable table(options.flows, sink);
  RawFrame frame;
  DecodedPacket pkt;
  for (;;) {
    const ReadStatus status = source.next(frame);
    if (status != ReadStatus::frame) {
      summary.end = status;
      if (status != ReadStatus::end) summary.error = source.error_message();
      break;
    }
    ++summary.frames;
    summary.bytes += frame.bytes.size();
    if (summary.first_ts == 0) summary.first_ts = frame.ts;
    summary.last_ts = frame.ts;
    pkt = DecodedPacket{};
    const DecodeStatus ds = decoder.decode(frame, pkt);
    if (ds == DecodeStatus::ok) {
      table.process(pkt);
      if (observer != nullptr) observer->on_packet(frame, ds, &pkt, table.last_flow());
    } else {
      table.advance(frame.ts);
      if (observer != nullptr) observer->on_packet(frame, ds, nullptr, nullptr);
    }
  }
  table.flush();
  summary.decode = decoder.counters();
  summary.flows = table.stats();
  return summary;
}

std::string format_summary(const CaptureSummary& s) {
  std::string out = fmt::format("ghostport: {} packets ({} bytes), {} IP packets, {} flows", grouped(s.frames),
                                grouped(s.bytes), grouped(s.decode.ip_packets), grouped(s.flows.flows_created));
  if (s.flows.flows_evicted > 0) {
    out += fmt::format(", {} evicted early by --max-flows (peak {})", grouped(s.flows.flows_evicted),
                       grouped(s.flows.peak_flows));
  }
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
  if (s.flows.bad_checksums > 0) out += fmt::format("  {} packets with bad checksums ignored\n", grouped(s.flows.bad_checksums));
  if (!s.error.empty()) out += fmt::format("ghostport: warning: {}\n", s.error);
  return out;
}

}  // namespace gp
