#include "capture/decode/deduplicator.hpp"

#include <xxhash.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#include "capture/decode/decoded_packet.hpp"

namespace gp {

Deduplicator::Deduplicator(std::size_t slots) {
  const std::size_t buckets = std::bit_ceil(std::max<std::size_t>(slots / kWays, 1));
  entries_.resize(buckets * kWays);
  bucket_mask_ = buckets - 1;
}

bool Deduplicator::seen_within(std::uint64_t fingerprint, TimeNs ts, TimeNs window) {
  if (fingerprint == 0) fingerprint = 1;  // 0 marks an empty entry
  Entry* bucket = &entries_[(fingerprint & bucket_mask_) * kWays];
  Entry* victim = bucket;
  for (std::size_t i = 0; i < kWays; ++i) {
    Entry& e = bucket[i];
    if (e.fingerprint == fingerprint) {
      const TimeNs age = ts >= e.ts ? ts - e.ts : e.ts - ts;
      if (age <= window) return true;
      e.ts = ts;  // the same bytes long after: a new first sighting
      return false;
    }
    if (e.fingerprint == 0) {
      victim = &e;
      break;
    }
    if (e.ts < victim->ts) victim = &e;
  }
  if (victim->fingerprint != 0 && ts - victim->ts <= window) ++pressure_;
  victim->fingerprint = fingerprint;
  victim->ts = ts;
  return false;
}

namespace {

// Where the checksum sits in each transport header that has one a router may rewrite
// (NAT, or offload recomputing it on one copy): RFC 793, 768, 792, 4443.
int checksum_offset(std::uint8_t protocol) {
  switch (protocol) {
    case ip_proto::kTcp: return 16;
    case ip_proto::kUdp: return 6;
    case ip_proto::kIcmp:
    case ip_proto::kIcmpV6: return 2;
    default: return -1;
  }
}

std::uint64_t hash_part(std::span<const std::uint8_t> bytes, std::uint64_t seed) {
  return XXH3_64bits_withSeed(bytes.data(), bytes.size(), seed);
}

}  // namespace

std::uint64_t packet_fingerprint(std::span<const std::uint8_t> datagram, int ip_version, std::size_t l4_offset,
                                 std::uint8_t protocol, bool has_l4_header) {
  // The fixed IP header, masked, in a stack copy; then the bytes up to the transport
  // checksum, then the rest, each part seeding the next.
  const std::size_t fixed = std::min<std::size_t>(datagram.size(), ip_version == 4 ? 20 : 40);
  std::array<std::uint8_t, 40> head{};
  std::memcpy(head.data(), datagram.data(), fixed);
  if (ip_version == 4) {
    if (fixed > 1) head[1] = 0;               // DSCP/ECN
    if (fixed > 8) head[8] = 0;               // TTL
    if (fixed > 11) head[10] = head[11] = 0;  // header checksum
  } else {
    head[0] &= 0xf0;                 // traffic class, high nibble
    if (fixed > 1) head[1] &= 0x0f;  // traffic class, low nibble
    if (fixed > 7) head[7] = 0;      // hop limit
  }
  std::uint64_t h = hash_part(std::span<const std::uint8_t>(head).first(fixed), static_cast<std::uint64_t>(ip_version));
  std::span<const std::uint8_t> rest = datagram.subspan(fixed);
  const int off = checksum_offset(protocol);
  if (has_l4_header && off >= 0 && l4_offset >= fixed) {
    const std::size_t at = l4_offset - fixed + static_cast<std::size_t>(off);
    if (at + 2 <= rest.size()) {
      h = hash_part(rest.first(at), h);
      rest = rest.subspan(at + 2);
    }
  }
  return hash_part(rest, h);
}

}  // namespace gp
