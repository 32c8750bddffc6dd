// IPv6 (RFC 8200): the fixed 40-byte header, then the extension header chain. ip_len is
// 40 + payload length, what Zeek counts in *_ip_bytes. Fragments go to the reassembler; a
// reassembled datagram is presented without its fragment header (as Zeek rebuilds it), and
// extension headers that followed the fragment header are walked in the reassembled bytes.
#include "capture/decode/byte_reader.hpp"
#include "capture/decode/dispatch.hpp"
#include "capture/decode/fragment_reassembler.hpp"

namespace gp {
namespace {

DecodeStatus chain_error(LayerContext& ctx, Ipv6ChainResult result) {
  return malformed(ctx, result == Ipv6ChainResult::truncated ? Anomaly::truncated_ipv6_extension_header
                                                             : Anomaly::bad_ipv6_extension_header);
}

Bytes skip(Bytes bytes, std::size_t n) { return n <= bytes.size() ? bytes.subspan(n) : Bytes{}; }

}  // namespace

DecodeStatus decode_ipv6(Bytes bytes, LayerContext& ctx) {
  const ByteReader r(bytes);
  if (!r.has(0, 40)) return malformed(ctx, Anomaly::truncated_ip_header);
  if ((r.u8(0) >> 4) != 6) return malformed(ctx, Anomaly::bad_ip_version);
  const std::uint32_t payload_len = r.u16(4);
  const std::uint32_t total_len = 40 + payload_len;
  const std::size_t on_wire = bytes.size() + ctx.cut;
  if (total_len > on_wire) return malformed(ctx, Anomaly::ip_length_beyond_frame);
  if (total_len > bytes.size()) ctx.counters.count(Anomaly::truncated_ip_payload);

  DecodedPacket& out = ctx.out;
  out.ip_version = 6;
  out.src = IpAddress::from_v6(std::span<const std::uint8_t, 16>(bytes.data() + 8, 16));
  out.dst = IpAddress::from_v6(std::span<const std::uint8_t, 16>(bytes.data() + 24, 16));
  out.ttl = r.u8(7);
  out.ip_len = total_len;

  const Bytes after = r.sub(40, payload_len);
  Ipv6Chain chain;
  chain.next_header = r.u8(6);
  if (const auto result = walk_ipv6_chain(after, payload_len, chain); result != Ipv6ChainResult::ok) {
    return chain_error(ctx, result);
  }
  out.protocol = chain.next_header;
  const std::uint32_t upper_len = payload_len - chain.consumed;
  const Bytes upper = skip(after, chain.consumed);
  if (ctx.addresses_only) {
    const bool whole_icmp = out.protocol == ip_proto::kIcmpV6 && !chain.fragmented;
    return whole_icmp ? dispatch_ip_protocol(out.protocol, upper, upper_len, ctx) : DecodeStatus::ok;
  }
  // SPAN copies are dropped here, before reassembly, so a copied fragment is no overlap.
  if (drop_duplicate(ctx, r.sub(0, total_len), 6, 40U + chain.consumed, out.protocol,
                     !chain.fragmented || chain.fragment_offset == 0)) {
    return DecodeStatus::duplicate;
  }
  if (!chain.fragmented) return dispatch_ip_protocol(out.protocol, upper, upper_len, ctx);

  ++ctx.counters.fragments;
  out.ip_id = static_cast<std::uint16_t>(chain.fragment_id & 0xffffU);
  if (upper.size() < upper_len) return malformed(ctx, Anomaly::incompletely_captured_fragment);
  Fragment fragment;
  fragment.key = {out.src, out.dst, chain.fragment_id, 0, 6};
  fragment.ts = out.ts;
  fragment.offset = chain.fragment_offset;
  fragment.more = chain.more_fragments;
  fragment.data = upper;
  fragment.header_len = 40 + chain.unfragmentable_len;
  fragment.ttl = out.ttl;
  fragment.next_header = chain.next_header;
  Reassembled whole;
  if (const auto status = reassemble_fragment(ctx, fragment, whole)) return *status;
  const auto whole_len = static_cast<std::uint32_t>(whole.payload.size());
  Ipv6Chain inner;
  inner.next_header = whole.next_header;
  if (const auto result = walk_ipv6_chain(whole.payload, whole_len, inner); result != Ipv6ChainResult::ok) {
    return chain_error(ctx, result);
  }
  if (inner.fragmented) return malformed(ctx, Anomaly::bad_ipv6_extension_header);
  out.protocol = inner.next_header;
  return dispatch_ip_protocol(out.protocol, skip(whole.payload, inner.consumed), whole_len - inner.consumed, ctx);
}

}  // namespace gp
