#include "capture/decode/decoder.hpp"

#include "capture/decode/dispatch.hpp"
#include "capture/decode/fragment_reassembler.hpp"

namespace gp {

struct Decoder::Impl {
  explicit Impl(const DecoderConfig& c) : config(c), fragments(c) {}
  DecoderConfig config;
  FragmentReassembler fragments;
};

Decoder::Decoder(const DecoderConfig& config) : impl_(std::make_unique<Impl>(config)) {}
Decoder::~Decoder() = default;

DecodeStatus Decoder::decode(const RawFrame& frame, DecodedPacket& out) {
  // The datagram handed out by the previous call dies now, as its contract says.
  impl_->fragments.release_completed();
  out = DecodedPacket{};
  out.ts = frame.ts;
  out.number = frame.number;
  ++counters_.frames;

  LayerContext ctx{out, counters_, impl_->fragments, impl_->config};
  const std::size_t captured = frame.bytes.size();
  ctx.cut = frame.wire_len > captured ? static_cast<std::uint32_t>(frame.wire_len - captured) : 0;

  const DecodeStatus status = dispatch_link_type(frame.link_type, frame.bytes, ctx);
  if (status == DecodeStatus::ok) ++counters_.ip_packets;
  if (status == DecodeStatus::not_ip) ++counters_.not_ip;
  return status;
}

}  // namespace gp
