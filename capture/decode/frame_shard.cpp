#include "capture/decode/frame_shard.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include <xxhash.h>

#include "capture/decode/dispatch.hpp"
#include "capture/decode/fragment_reassembler.hpp"

namespace gp {

std::uint64_t symmetric_pair_hash(const IpAddress& a, const IpAddress& b) {
  const bool a_first =
      std::lexicographical_compare(a.bytes().begin(), a.bytes().end(), b.bytes().begin(), b.bytes().end());
  const IpAddress& low = a_first ? a : b;
  const IpAddress& high = a_first ? b : a;
  std::array<std::uint8_t, 32> pair{};
  std::memcpy(pair.data(), low.bytes().data(), 16);
  std::memcpy(pair.data() + 16, high.bytes().data(), 16);
  return XXH3_64bits(pair.data(), pair.size());
}

// The decoders want a reassembler and counters to write to; addresses_only never reaches
// the reassembler, and what the counters say here is the workers' business, not ours.
struct FrameSharder::Impl {
  DecoderConfig config;
  FragmentReassembler fragments{config};
  DecodeCounters counters;
  DecodedPacket packet;
};

FrameSharder::FrameSharder() : impl_(std::make_unique<Impl>()) {}
FrameSharder::~FrameSharder() = default;

FrameShard FrameSharder::classify(const RawFrame& frame) {
  DecodedPacket& out = impl_->packet;
  out = DecodedPacket{};
  LayerContext ctx{out, impl_->counters, impl_->fragments, impl_->config};
  const std::size_t captured = frame.bytes.size();
  ctx.cut = frame.wire_len > captured ? static_cast<std::uint32_t>(frame.wire_len - captured) : 0;
  ctx.addresses_only = true;
  dispatch_link_type(frame.link_type, frame.bytes, ctx);
  FrameShard shard;
  if (out.ip_version == 0) return shard;  // the IP decoders set it once they read both addresses
  shard.has_ip = true;
  shard.hash = symmetric_pair_hash(out.src, out.dst);
  if (out.icmp_quote.present) {
    shard.quote = out.icmp_quote;
    shard.quote_hash = symmetric_pair_hash(out.icmp_quote.src, out.icmp_quote.dst);
  }
  return shard;
}

}  // namespace gp
