// The analyzer's protocol hooks, backed by classify/protocol: what one side's first payload
// is, and whether a protocol is the usual one for a port. Kept apart so the engine itself
// does not care which identifier it is given (tests pass their own).
#pragma once

#include <cstdint>
#include <string_view>

#include "capture/flow/flow_evidence.hpp"

namespace gp {

// Index into protocol_vocabulary() of what `sample` (one side's first payload) looks like.
std::uint8_t identify_side(const PayloadSample& sample, bool from_client, std::uint8_t ip_proto);

// Whether `protocol` (a protocol_vocabulary() name) is what `port` is commonly used for.
bool protocol_is_standard_on(std::string_view protocol, std::uint16_t port, std::uint8_t ip_proto);

}  // namespace gp
