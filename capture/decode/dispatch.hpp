// The one place that decides which decoder comes next: link type -> decoder, EtherType ->
// decoder, PPP protocol -> decoder, address family -> decoder, IP protocol -> decoder.
// Adding an encapsulation is adding a row here plus its file, nothing else.
#pragma once

#include <cstdint>

#include "capture/decode/layer.hpp"

namespace gp {

namespace dlt {  // numeric DLT_* values (pcap/dlt.h), so no libpcap include is needed here
inline constexpr int kNull = 0;
inline constexpr int kEn10Mb = 1;
inline constexpr int kPpp = 9;
inline constexpr int kRaw = 12;
inline constexpr int kRawOpenBsd = 14;
inline constexpr int kPppSerial = 50;
inline constexpr int kLinktypeRaw = 101;
inline constexpr int kIeee80211 = 105;
inline constexpr int kLoop = 108;
inline constexpr int kLinuxSll = 113;
inline constexpr int kIeee80211Radio = 127;
inline constexpr int kMpls = 219;
inline constexpr int kIpv4 = 228;
inline constexpr int kIpv6 = 229;
inline constexpr int kNflog = 239;
inline constexpr int kLinuxSll2 = 276;
}  // namespace dlt

namespace ethertype {
inline constexpr std::uint16_t kIpv4 = 0x0800;
inline constexpr std::uint16_t kArp = 0x0806;
inline constexpr std::uint16_t kVlan = 0x8100;
inline constexpr std::uint16_t kIpv6 = 0x86dd;
inline constexpr std::uint16_t kMplsUnicast = 0x8847;
inline constexpr std::uint16_t kMplsMulticast = 0x8848;
inline constexpr std::uint16_t kPppoeDiscovery = 0x8863;
inline constexpr std::uint16_t kPppoeSession = 0x8864;
inline constexpr std::uint16_t kQinQ = 0x88a8;
inline constexpr std::uint16_t kPbb = 0x88e7;
inline constexpr std::uint16_t kFabricPath = 0x8903;
inline constexpr std::uint16_t kVnTag = 0x8926;
inline constexpr std::uint16_t kQinQOld1 = 0x9100;
inline constexpr std::uint16_t kQinQOld2 = 0x9200;
}  // namespace ethertype

// Each returns the next decoder's status, or counts the value as undecoded / not IP.
DecodeStatus dispatch_link_type(int link_type, Bytes bytes, LayerContext& ctx);
DecodeStatus dispatch_ethertype(std::uint16_t type, Bytes bytes, LayerContext& ctx);
// Raw IP (DLT_RAW, after MPLS): the version nibble picks IPv4 or IPv6.
DecodeStatus dispatch_ip_version(Bytes bytes, LayerContext& ctx);
DecodeStatus dispatch_ppp_protocol(std::uint16_t protocol, Bytes bytes, LayerContext& ctx);
DecodeStatus dispatch_address_family(std::uint32_t family, Bytes bytes, LayerContext& ctx);
DecodeStatus dispatch_ip_protocol(std::uint8_t protocol, Bytes bytes, std::uint32_t ip_payload_len, LayerContext& ctx);
// The decoder of a tunnel's header (capture/decode/tunnel.hpp).
DecodeStatus dispatch_tunnel(TunnelType type, Bytes bytes, LayerContext& ctx);

}  // namespace gp
