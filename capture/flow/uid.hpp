// Connection uids, Zeek style ("C" + 17 base62 digits, 96 bits): deterministic for a given
// input and seed, different across inputs, since a flow's start time and key feed the hash
// (with Flow::uid_salt, which tells apart a 5-tuple reused at the same instant). Nothing else
// does: a flow keeps its uid with any number of workers (-j) and whatever --dedup dropped. The digest is what a tunnelled flow keeps of its parents (Zeek's
// tunnel_parents) without holding a string per packet.
#pragma once

#include <cstdint>
#include <string>

#include "common/time.hpp"

namespace gp {

struct FlowKey;

struct UidDigest {
  std::uint64_t low = 0;
  std::uint32_t high = 0;
  friend bool operator==(const UidDigest&, const UidDigest&) = default;
};

UidDigest make_uid_digest(std::uint64_t salt, TimeNs start, const FlowKey& key, std::uint64_t seed);
std::string format_uid(const UidDigest& digest);

}  // namespace gp
