// ICMP (RFC 792) and ICMPv6 (RFC 4443): type and code, and the message after the 8-byte
// header as payload (payload_len = message length - 8, as Zeek counts ICMP bytes). Error
// messages (v4: unreachable 3, source quench 4, redirect 5, time exceeded 11, parameter
// problem 12; v6: 1-4) quote the offending packet's IP header and at least 8 bytes of what
// follows: the quote's addresses, protocol and ports let the flow engine find the flow the
// error answers. A short or odd quote is not an anomaly of this packet: it just has fewer
// fields (ports only when the quote holds them and is not a non-first fragment).
#include "capture/decode/byte_reader.hpp"
#include "capture/decode/layer.hpp"

namespace gp {
namespace {

bool has_ports(std::uint8_t protocol) {
  return protocol == ip_proto::kTcp || protocol == ip_proto::kUdp || protocol == 132 /* SCTP */ ||
         protocol == 136 /* UDP-Lite */;
}

void quote_ports(const ByteReader& r, std::size_t off, IcmpQuote& quote) {
  if (!has_ports(quote.protocol) || !r.has(off, 4)) return;
  quote.src_port = r.u16(off);
  quote.dst_port = r.u16(off + 2);
  quote.has_ports = true;
}

IcmpQuote quote_v4(Bytes bytes) {
  IcmpQuote quote;
  const ByteReader r(bytes);
  if (!r.has(0, 20) || (r.u8(0) >> 4) != 4) return quote;
  const std::uint32_t header_len = (r.u8(0) & 0x0fU) * 4U;
  if (header_len < 20 || !r.has(0, header_len)) return quote;
  quote.present = true;
  quote.src = IpAddress::from_v4(std::span<const std::uint8_t, 4>(bytes.data() + 12, 4));
  quote.dst = IpAddress::from_v4(std::span<const std::uint8_t, 4>(bytes.data() + 16, 4));
  quote.protocol = r.u8(9);
  if ((r.u16(6) & 0x1fffU) == 0) quote_ports(r, header_len, quote);
  return quote;
}

IcmpQuote quote_v6(Bytes bytes) {
  IcmpQuote quote;
  const ByteReader r(bytes);
  if (!r.has(0, 40) || (r.u8(0) >> 4) != 6) return quote;
  quote.present = true;
  quote.src = IpAddress::from_v6(std::span<const std::uint8_t, 16>(bytes.data() + 8, 16));
  quote.dst = IpAddress::from_v6(std::span<const std::uint8_t, 16>(bytes.data() + 24, 16));
  quote.protocol = r.u8(6);
  const Bytes after = r.rest(40);
  Ipv6Chain chain;
  chain.next_header = quote.protocol;
  // The quote is cut by design, so the walk is bounded by what is there, not the length field.
  if (walk_ipv6_chain(after, static_cast<std::uint32_t>(after.size()), chain) != Ipv6ChainResult::ok) return quote;
  quote.protocol = chain.next_header;
  if (!chain.fragmented || chain.fragment_offset == 0) quote_ports(ByteReader(after), chain.consumed, quote);
  return quote;
}

bool is_error_v4(std::uint8_t type) { return type == 3 || type == 4 || type == 5 || type == 11 || type == 12; }
bool is_error_v6(std::uint8_t type) { return type >= 1 && type <= 4; }

DecodeStatus decode(Bytes bytes, std::uint32_t ip_payload_len, LayerContext& ctx, bool v6) {
  const ByteReader r(bytes);
  if (ip_payload_len < 8 || !r.has(0, 8)) return malformed(ctx, Anomaly::truncated_icmp_header);
  DecodedPacket& out = ctx.out;
  out.icmp_type = r.u8(0);
  out.icmp_code = r.u8(1);
  out.payload_len = ip_payload_len - 8;
  out.payload = r.sub(8, out.payload_len);
  if (v6 ? is_error_v6(out.icmp_type) : is_error_v4(out.icmp_type)) {
    out.icmp_quote = v6 ? quote_v6(out.payload) : quote_v4(out.payload);
  }
  return DecodeStatus::ok;
}

}  // namespace

DecodeStatus decode_icmp(Bytes bytes, std::uint32_t ip_payload_len, LayerContext& ctx) {
  return decode(bytes, ip_payload_len, ctx, false);
}

DecodeStatus decode_icmpv6(Bytes bytes, std::uint32_t ip_payload_len, LayerContext& ctx) {
  return decode(bytes, ip_payload_len, ctx, true);
}

}  // namespace gp
