#include "capture/flow/uid.hpp"

#include <xxhash.h>

#include "capture/flow/flow_key.hpp"

namespace gp {

UidDigest make_uid_digest(std::uint64_t salt, TimeNs start, const FlowKey& key, std::uint64_t seed) {
  const std::uint64_t material[3] = {salt, static_cast<std::uint64_t>(start), hash_flow_key(key)};
  const XXH128_hash_t h = XXH3_128bits_withSeed(material, sizeof(material), seed);
  return UidDigest{h.low64, static_cast<std::uint32_t>(h.high64 & 0xffffffffULL)};
}

std::string format_uid(const UidDigest& digest) {
  static constexpr char kBase62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  // 96 bits, like Zeek's uids: 11 base62 digits of the low 64 bits, 6 of the 32 more.
  std::string uid = "C";
  uid.reserve(18);
  auto append_digits = [&uid](std::uint64_t v, int digits) {
    for (int i = 0; i < digits; ++i, v /= 62) uid.push_back(kBase62[v % 62]);
  };
  append_digits(digest.low, 11);
  append_digits(digest.high, 6);
  return uid;
}

}  // namespace gp
