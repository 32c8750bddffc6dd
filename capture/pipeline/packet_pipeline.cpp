#include "capture/pipeline/packet_pipeline.hpp"

#include <algorithm>

#include "capture/pipeline/run_capture.hpp"

namespace gp {
namespace {

// Zeek marks the carrying connection with 'X' when these tunnels are nested too deep
// (VXLAN, Geneve, Teredo, AYIYA); GTP only reports it.
bool marks_too_deep(TunnelType t) {
  return t == TunnelType::vxlan || t == TunnelType::geneve || t == TunnelType::teredo || t == TunnelType::ayiya;
}

// Levels beyond any real stack of tunnels; bounds the recursion whatever the config says.
constexpr int kMaxLevels = 16;

}  // namespace

PacketPipeline::PacketPipeline(const PipelineOptions& options, FlowSink& sink, PacketObserver* observer)
    : decoder_(options.decoder),
      table_(options.flows, sink),
      observer_(observer),
      levels_(static_cast<std::size_t>(std::clamp(options.decoder.max_tunnel_depth, 0, kMaxLevels)) + 1) {}

TunnelType PacketPipeline::carried_tunnel(const DecodedPacket& pkt, FlowRef ref) const {
  if (const TunnelType t = tunnel_for_ip_protocol(pkt.protocol); t != TunnelType::none) return t;
  if (pkt.protocol != ip_proto::kUdp) return TunnelType::none;
  const Flow* flow = table_.flow(ref);
  if (flow == nullptr) return TunnelType::none;
  const TunnelType t = tunnel_for_udp(flow->resp_p, pkt.payload);
  if (t == TunnelType::none || (flow->tunnel_violations & tunnel_bit(t)) != 0) return TunnelType::none;
  return t;
}

// The packet in levels_[level] goes to its flow, then the tunnel it carries is opened into
// the next level, and each packet found there (several for an A-MSDU) is handled in turn.
void PacketPipeline::handle(std::size_t level, const UidDigest* parent, bool note_quote) {
  DecodedPacket& pkt = levels_[level];
  const FlowRef ref = table_.process(pkt, pkt.bad_checksum, parent, note_quote);
  if (static_cast<int>(level) > observed_level_) {
    observed_level_ = static_cast<int>(level);
    if (observer_ != nullptr) {
      observed_ = pkt;
      observed_flow_ = ref;
    }
  }
  if (pkt.bad_checksum) return;  // Zeek stops at a bad checksum: nothing inside is trusted
  const TunnelType tunnel = carried_tunnel(pkt, ref);
  if (tunnel == TunnelType::none) return;
  if (level + 1 >= levels_.size()) {
    decoder_.decapsulate(pkt, tunnel, scratch_);  // counts tunnel_depth_exceeded, opens nothing
    if (marks_too_deep(tunnel)) table_.note_tunnel_too_deep(ref);
    return;
  }
  DecodedPacket& inner = levels_[level + 1];
  const DecodeStatus opened = decoder_.decapsulate(pkt, tunnel, inner);
  if (opened == DecodeStatus::not_tunnel && carried_over_udp(tunnel)) table_.note_tunnel_violation(ref, tunnel);
  if (opened == DecodeStatus::too_deep && marks_too_deep(tunnel)) table_.note_tunnel_too_deep(ref);
  Subframes more = decoder_.take_subframes();
  const Flow* carrier = table_.flow(ref);
  if (carrier == nullptr) return;
  const UidDigest carrier_uid = table_.uid_digest(*carrier);
  if (opened == DecodeStatus::ok) handle(level + 1, &carrier_uid);
  while (!more.empty()) {
    if (decoder_.next_subframe(more, levels_[level + 1]) == DecodeStatus::ok) handle(level + 1, &carrier_uid);
  }
}

void PacketPipeline::process(const RawFrame& frame, bool quote_elsewhere) {
  observed_level_ = -1;
  const DecodeStatus status = decoder_.decode(frame, levels_[0]);
  Subframes more = decoder_.take_subframes();
  // Only the frame's first packet is the one the sharder read the quote of.
  if (status == DecodeStatus::ok) handle(0, nullptr, !quote_elsewhere);
  while (!more.empty()) {
    if (decoder_.next_subframe(more, levels_[0]) == DecodeStatus::ok) handle(0, nullptr);
  }
  if (observed_level_ < 0) {
    table_.advance(frame.ts, frame.number);
    if (observer_ != nullptr) observer_->on_packet(frame, status, nullptr, nullptr);
    return;
  }
  if (observer_ != nullptr) observer_->on_packet(frame, DecodeStatus::ok, &observed_, table_.flow(observed_flow_));
}

}  // namespace gp
