// Zeek's conn.log `service` for a flow, from protocol identification. Apart from
// protocol.hpp so that writers of conn.log need not see the Protocol vocabulary.
#pragma once

#include <cstdint>
#include <string_view>

#include "capture/flow/flow_evidence.hpp"

namespace gp {

// The service Zeek's conn.log would show for a flow with this evidence: the Zeek name
// (zeek_service_name in protocol.hpp) of a strong identification, else empty (unset). No heap.
std::string_view zeek_service(const FlowEvidence& evidence, std::uint8_t ip_proto);

}  // namespace gp
