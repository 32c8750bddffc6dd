// Ports Zeek treats as "likely server ports" when it decides who the originator of a
// connection is that started without a clean SYN (IPBasedAnalyzer::IsLikelyServerPort).
// Zeek fills the set from the ports its protocol analyzers register; this is that list
// for a default Zeek configuration.
#pragma once

#include <cstdint>

namespace gp {

bool is_likely_server_port(std::uint8_t protocol, std::uint16_t port);

}  // namespace gp
