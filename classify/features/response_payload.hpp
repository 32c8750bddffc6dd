// Whether a payload is a protocol's response (only a server sends it): DNS, LLMNR and mDNS
// with QR=1, NTP in server or broadcast mode, an SNMP response PDU, a TLS ServerHello, an
// HTTP status line. Orientation uses it when no handshake says who listens. Strict checks
// of the first bytes only; a payload too short to tell is no response.
#pragma once

#include <cstdint>

#include "capture/flow/flow_evidence.hpp"

namespace gp {

bool payload_is_response(const PayloadSample& payload, std::uint8_t ip_proto);

}  // namespace gp
