#include "annotate/protocol_hooks.hpp"

#include "classify/protocol/protocol.hpp"

namespace gp {

std::uint8_t identify_side(const PayloadSample& sample, bool from_client, std::uint8_t ip_proto) {
  // Each side is judged on its own bytes, so that a client speaking one protocol to a
  // server answering in another (HTTP to an SSH daemon) shows as a mismatch.
  FlowEvidence evidence;
  evidence.first_payload[from_client ? 0 : 1] = sample;
  return static_cast<std::uint8_t>(identify_protocol(evidence, ip_proto).protocol);
}

bool protocol_is_standard_on(std::string_view protocol, std::uint16_t port, std::uint8_t ip_proto) {
  const auto p = parse_protocol(protocol);
  return p.has_value() && protocol_standard_port(*p, port, ip_proto);
}

}  // namespace gp
