#include "capture/decode/decoder.hpp"

#include <algorithm>

#include "capture/decode/deduplicator.hpp"
#include "capture/decode/dispatch.hpp"
#include "capture/decode/fragment_reassembler.hpp"

namespace gp {

struct Decoder::Impl {
  explicit Impl(const DecoderConfig& c)
      : config(c),
        fragments(c),
        dedup(c.dedup_window > 0 ? c.dedup_slots : std::min(c.dedup_slots, c.duplicate_watch_slots)) {}
  DecoderConfig config;
  FragmentReassembler fragments;
  Deduplicator dedup;
  Subframes pending;

  void keep_subframes(const LayerContext& ctx) {
    pending = Subframes{ctx.more_subframes, ctx.out.ts, ctx.out.number, ctx.out.tunnel_depth, ctx.out.tunnel};
  }

  bool watching_duplicates() const { return config.dedup_window > 0 || config.duplicate_watch_window > 0; }
};

Decoder::Decoder(const DecoderConfig& config) : impl_(std::make_unique<Impl>(config)) {
  counters_.duplicates.window = config.dedup_window;
  counters_.duplicates.watch_window = config.dedup_window > 0 ? 0 : config.duplicate_watch_window;
}
Decoder::~Decoder() = default;

DecodeStatus Decoder::decode(const RawFrame& frame, DecodedPacket& out) {
  // The datagrams handed out by the previous call die now, as its contract says.
  impl_->fragments.release_completed();
  out = DecodedPacket{};
  out.ts = frame.ts;
  out.number = frame.number;
  ++counters_.frames;

  LayerContext ctx{out, counters_, impl_->fragments, impl_->config};
  const std::size_t captured = frame.bytes.size();
  ctx.cut = frame.wire_len > captured ? static_cast<std::uint32_t>(frame.wire_len - captured) : 0;
  if (impl_->watching_duplicates()) ctx.dedup = &impl_->dedup;

  const DecodeStatus status = dispatch_link_type(frame.link_type, frame.bytes, ctx);
  impl_->keep_subframes(ctx);
  if (status == DecodeStatus::ok) ++counters_.ip_packets;
  if (status == DecodeStatus::not_ip) ++counters_.not_ip;
  counters_.duplicates.table_pressure = impl_->dedup.table_pressure();
  return status;
}

DecodeStatus Decoder::decapsulate(const DecodedPacket& outer, TunnelType type, DecodedPacket& inner) {
  inner = DecodedPacket{};
  inner.ts = outer.ts;
  inner.number = outer.number;
  inner.tunnel = type;
  inner.tunnel_depth = static_cast<std::uint8_t>(outer.tunnel_depth + 1);
  if (outer.tunnel_depth >= impl_->config.max_tunnel_depth) {
    counters_.count(Anomaly::tunnel_depth_exceeded);
    return DecodeStatus::too_deep;
  }

  LayerContext ctx{inner, counters_, impl_->fragments, impl_->config};
  ctx.outer = &outer;
  // The tunnel's bytes end where the carrying packet's payload ends; what the snaplen cut
  // from that payload is cut from the inner packet too.
  ctx.cut = outer.payload_len > outer.payload.size()
                ? static_cast<std::uint32_t>(outer.payload_len - outer.payload.size())
                : 0;
  if (impl_->watching_duplicates()) ctx.dedup = &impl_->dedup;

  const DecodeStatus status = dispatch_tunnel(type, outer.payload, ctx);
  impl_->keep_subframes(ctx);
  TunnelCounters& c = counters_.tunnel(type);
  switch (status) {
    case DecodeStatus::ok: ++c.packets; break;
    case DecodeStatus::not_ip: ++c.not_ip; break;
    case DecodeStatus::malformed:
    case DecodeStatus::not_tunnel: ++c.malformed; break;
    default: break;
  }
  counters_.duplicates.table_pressure = impl_->dedup.table_pressure();
  return status;
}

Subframes Decoder::take_subframes() {
  Subframes s = impl_->pending;
  impl_->pending = Subframes{};
  return s;
}

DecodeStatus Decoder::next_subframe(Subframes& sub, DecodedPacket& out) {
  out = DecodedPacket{};
  out.ts = sub.ts;
  out.number = sub.number;
  out.tunnel_depth = sub.tunnel_depth;
  out.tunnel = sub.tunnel;
  if (sub.empty()) return DecodeStatus::not_ip;
  LayerContext ctx{out, counters_, impl_->fragments, impl_->config};
  if (impl_->watching_duplicates()) ctx.dedup = &impl_->dedup;
  const DecodeStatus status = decode_amsdu_subframe(sub.rest, ctx);
  sub.rest = ctx.more_subframes;
  if (status == DecodeStatus::ok) {
    if (sub.tunnel_depth == 0) ++counters_.ip_packets;
    else ++counters_.tunnel(sub.tunnel).packets;
  }
  return status;
}

std::optional<DecodeStatus> reassemble_fragment(LayerContext& ctx, const Fragment& fragment, Reassembled& whole) {
  switch (ctx.fragments.add(fragment, ctx.counters, whole)) {
    case FragmentResult::pending: return DecodeStatus::fragment_pending;
    case FragmentResult::dropped: return DecodeStatus::malformed;
    case FragmentResult::complete: break;
  }
  ++ctx.counters.reassembled;
  ctx.out.reassembled = true;
  ctx.out.ttl = whole.ttl;
  ctx.out.ip_len = whole.header_len + static_cast<std::uint32_t>(whole.payload.size());
  ctx.cut = 0;
  return std::nullopt;
}

bool drop_duplicate(LayerContext& ctx, Bytes datagram, int ip_version, std::size_t l4_offset, std::uint8_t protocol,
                    bool has_l4_header) {
  Deduplicator* const dedup = ctx.dedup;
  if (dedup == nullptr) return false;
  ctx.dedup = nullptr;
  const bool dropping = ctx.config.dedup_window > 0;
  const TimeNs window = dropping ? ctx.config.dedup_window : ctx.config.duplicate_watch_window;
  const std::uint64_t fingerprint = packet_fingerprint(datagram, ip_version, l4_offset, protocol, has_l4_header);
  if (!dedup->seen_within(fingerprint, ctx.out.ts, window)) return false;
  if (dropping) {
    ++ctx.counters.duplicates.dropped;
    return true;
  }
  ++ctx.counters.duplicates.seen_kept;
  return false;
}

}  // namespace gp
