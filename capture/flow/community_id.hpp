// Community ID v1 (https://github.com/corelight/community-id-spec): a direction-free flow
// hash that Zeek, Suricata, Wireshark and Arkime compute identically, so a ghostport flow can
// be joined with their records by one string comparison.
//
// Contract: pure function of its arguments; allocates only the returned string; never
// throws. Both addresses must be of the same family (a flow's endpoints always are).
//
// Ports by protocol:
//  - TCP (6), UDP (17), SCTP (132): the transport ports.
//  - ICMP (1), ICMPv6 (58): sport = message type, dport = code. Passing Zeek's conn id instead
//    (orig_p = type, resp_p = counterpart type or code) gives the same hash, because the
//    spec maps request/response types to their counterpart and ignores dport for them.
//  - Any other protocol: ports are ignored (the spec hashes addresses and protocol only).
#pragma once

#include <cstdint>
#include <string>

#include "common/ip_address.hpp"

namespace gp {

// Returns "1:" + base64(sha1(seed . saddr . daddr . proto . 0 . sport . dport)), endpoints
// ordered so that both directions of a flow give the same value.
std::string community_id_v1(const IpAddress& src, std::uint16_t sport, const IpAddress& dst, std::uint16_t dport,
                            std::uint8_t proto, std::uint16_t seed = 0);

}  // namespace gp
