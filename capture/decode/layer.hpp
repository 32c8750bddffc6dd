// The contract every layer decoder follows (Zeek's packet_analysis style): it is given the
// bytes that start with its header, checks and consumes that header, records what it learnt
// in the DecodedPacket and hands the rest to the next decoder, which dispatch.cpp chooses.
// Decoders are pure functions over spans: no heap, no exceptions, no libpcap.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "capture/decode/counters.hpp"
#include "capture/decode/decoded_packet.hpp"
#include "capture/decode/decoder.hpp"

namespace gp {

class FragmentReassembler;
class Deduplicator;
struct Fragment;
struct Reassembled;

using Bytes = std::span<const std::uint8_t>;

// State carried down the layers of one frame.
struct LayerContext {
  DecodedPacket& out;
  DecodeCounters& counters;
  FragmentReassembler& fragments;
  const DecoderConfig& config;
  // Bytes the snaplen cut off the end of the span being decoded (wire length - captured).
  std::uint32_t cut = 0;
  // Layers entered so far: bounds the recursion on crafted stacks of tags.
  int depth = 0;
  // SPAN duplicates: the first IP header of a decode (or of a decapsulation) asks the
  // filter, then clears this, so only that header is looked at.
  Deduplicator* dedup = nullptr;
  // When decapsulating: the packet whose payload is being opened (null otherwise).
  const DecodedPacket* outer = nullptr;
  // An 802.11 A-MSDU: the subframes after the one being decoded (empty when none).
  Bytes more_subframes{};
  // Sharding (frame_shard.hpp): stop at the first IP header's addresses, except that an
  // unfragmented ICMP error is decoded on to its quote. No duplicates, no reassembly.
  bool addresses_only = false;
};

inline DecodeStatus malformed(LayerContext& ctx, Anomaly a) {
  ctx.counters.count(a);
  return DecodeStatus::malformed;
}

// A tunnel header that says the payload is not this tunnel at all (Zeek's analyzer
// violation): counted, and the flow carrying it is not decapsulated again.
inline DecodeStatus not_tunnel(LayerContext& ctx, Anomaly a) {
  ctx.counters.count(a);
  return DecodeStatus::not_tunnel;
}

// Counts a well-formed frame whose payload is not IP under what it was.
inline DecodeStatus not_ip(LayerContext& ctx, UndecodedLayer layer, std::uint32_t value) {
  ++ctx.counters.undecoded[{layer, value}];
  return DecodeStatus::not_ip;
}

// The `declared` bytes from `offset` on, as a length field states them: trims link-layer
// padding, and keeps ctx.cut right when the snaplen cut into them.
inline Bytes narrow(LayerContext& ctx, Bytes bytes, std::size_t offset, std::size_t declared) {
  const std::size_t captured = offset <= bytes.size() ? bytes.size() - offset : 0;
  if (declared <= captured) {
    ctx.cut = 0;
    return bytes.subspan(offset, declared);
  }
  const std::size_t on_wire = captured + ctx.cut;
  ctx.cut = static_cast<std::uint32_t>((declared < on_wire ? declared : on_wire) - captured);
  return bytes.subspan(bytes.size() - captured);
}

using LayerDecoder = DecodeStatus (*)(Bytes bytes, LayerContext& ctx);

// Link layers (capture/decode/<name>.cpp).
DecodeStatus decode_ethernet(Bytes bytes, LayerContext& ctx);
DecodeStatus decode_vlan(Bytes bytes, LayerContext& ctx);  // after the EtherType
DecodeStatus decode_mpls(Bytes bytes, LayerContext& ctx);  // label stack
DecodeStatus decode_pppoe_session(Bytes bytes, LayerContext& ctx);
DecodeStatus decode_ppp(Bytes bytes, LayerContext& ctx);  // DLT_PPP / PPP_SERIAL (HDLC-like)
DecodeStatus decode_linux_sll(Bytes bytes, LayerContext& ctx);
DecodeStatus decode_linux_sll2(Bytes bytes, LayerContext& ctx);
DecodeStatus decode_raw_ip(Bytes bytes, LayerContext& ctx);  // IP version by first nibble
DecodeStatus decode_null_loopback(Bytes bytes, LayerContext& ctx);
DecodeStatus decode_nflog(Bytes bytes, LayerContext& ctx);
DecodeStatus decode_pbb(Bytes bytes, LayerContext& ctx);         // after the EtherType
DecodeStatus decode_vntag(Bytes bytes, LayerContext& ctx);       // after the EtherType
DecodeStatus decode_fabricpath(Bytes bytes, LayerContext& ctx);  // after the EtherType
DecodeStatus decode_ieee80211(Bytes bytes, LayerContext& ctx);
DecodeStatus decode_amsdu_subframe(Bytes bytes, LayerContext& ctx);  // sets ctx.more_subframes
DecodeStatus decode_radiotap(Bytes bytes, LayerContext& ctx);

// Network layer.
DecodeStatus decode_ipv4(Bytes bytes, LayerContext& ctx);
DecodeStatus decode_ipv6(Bytes bytes, LayerContext& ctx);

// SPAN duplicates: whether the IP datagram just parsed (its captured bytes up to its stated
// length) is a copy to drop. Asks ctx.dedup once per decode, counts what it finds.
bool drop_duplicate(LayerContext& ctx, Bytes datagram, int ip_version, std::size_t l4_offset, std::uint8_t protocol,
                    bool has_l4_header);

// An IP fragment into ctx.fragments: nullopt once it completes its datagram (in `whole`, with
// ctx.out marked reassembled and its TTL and length the datagram's), else the status to
// return (fragment_pending, or malformed when the reassembler dropped it).
std::optional<DecodeStatus> reassemble_fragment(LayerContext& ctx, const Fragment& fragment, Reassembled& whole);

// With DecoderConfig::verify_checksums: whether the TCP/UDP `segment` (`length` bytes as
// the IP header states them) fails its checksum. Packets not fully captured pass.
bool transport_checksum_bad(const LayerContext& ctx, Bytes segment, std::uint32_t length);

// Tunnels (capture/decode/<name>.cpp): each is given the bytes that start with its header
// (a UDP payload, or an IP payload for GRE and IP-in-IP), writes the inner packet into
// ctx.out. ctx.outer is the carrying packet.
DecodeStatus decode_ip_in_ip(Bytes bytes, LayerContext& ctx);
DecodeStatus decode_gre(Bytes bytes, LayerContext& ctx);
DecodeStatus decode_vxlan(Bytes bytes, LayerContext& ctx);
DecodeStatus decode_geneve(Bytes bytes, LayerContext& ctx);
DecodeStatus decode_gtpv1(Bytes bytes, LayerContext& ctx);
DecodeStatus decode_teredo(Bytes bytes, LayerContext& ctx);
DecodeStatus decode_ayiya(Bytes bytes, LayerContext& ctx);
// Zeek's payload detectors for UDP flows on ports no tunnel owns.
bool looks_like_teredo(Bytes payload);
bool looks_like_ayiya(Bytes payload);

// An IP packet a tunnel hands over must fill exactly what the tunnel carried (Zeek's
// IP::ParsePacket, applied by IP-in-IP, PPTP, GTP and Teredo): the right version, a whole
// header, and a stated length equal to the bytes there.
enum class InnerIpCheck : std::uint8_t { ok, bad_version, truncated, too_long };
InnerIpCheck check_inner_ip(Bytes bytes, int version);

// Transport layer: given the IP payload (captured bytes) and its length as the IP header
// states it (`ip_payload_len`, which exceeds bytes.size() when the snaplen cut the frame).
using TransportDecoder = DecodeStatus (*)(Bytes bytes, std::uint32_t ip_payload_len, LayerContext& ctx);
DecodeStatus decode_tcp(Bytes bytes, std::uint32_t ip_payload_len, LayerContext& ctx);
DecodeStatus decode_udp(Bytes bytes, std::uint32_t ip_payload_len, LayerContext& ctx);
DecodeStatus decode_icmp(Bytes bytes, std::uint32_t ip_payload_len, LayerContext& ctx);
DecodeStatus decode_icmpv6(Bytes bytes, std::uint32_t ip_payload_len, LayerContext& ctx);

// IPv6 extension headers (RFC 8200 section 4): walks the chain that starts with
// `chain.next_header` over `bytes` (captured) within `limit` (the declared length), up to the
// first header that is not an extension header; ESP (50) and No Next Header (59) end it too.
// A fragment header of a real fragment ends the walk (what follows is fragment data); an
// atomic fragment (offset 0, no M flag: RFC 6946) is stepped over like any other header.
// Used by the IPv6 decoder, after reassembly, and for the header an ICMPv6 error quotes.
enum class Ipv6ChainResult : std::uint8_t { ok, truncated, bad };
struct Ipv6Chain {
  std::uint8_t next_header = 0;          // in: the IPv6 header's; out: the upper protocol
  std::uint32_t consumed = 0;            // bytes of extension headers
  bool fragmented = false;               // a fragment header of a non-atomic fragment
  std::uint32_t unfragmentable_len = 0;  // extension header bytes before the fragment header
  std::uint32_t fragment_offset = 0;     // bytes
  bool more_fragments = false;
  std::uint32_t fragment_id = 0;
};
Ipv6ChainResult walk_ipv6_chain(Bytes bytes, std::uint32_t limit, Ipv6Chain& chain);

}  // namespace gp
