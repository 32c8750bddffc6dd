#include "capture/flow/flow_key.hpp"

#include <xxhash.h>

namespace gp {

std::uint64_t hash_flow_key(const FlowKey& key) {
  // Hash the fields, not the struct, so padding bytes never matter.
  std::uint8_t buf[16 + 16 + 2 + 2 + 1];
  std::memcpy(buf, key.low_addr.bytes().data(), 16);
  std::memcpy(buf + 16, key.high_addr.bytes().data(), 16);
  std::memcpy(buf + 32, &key.low_port, 2);
  std::memcpy(buf + 34, &key.high_port, 2);
  buf[36] = key.protocol;
  return XXH3_64bits(buf, sizeof(buf));
}

}  // namespace gp
