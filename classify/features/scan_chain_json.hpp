// The JSON of a scan chain (a scan followed by a session on a port it found open): one writer
// for analyze -F json, the scan report and live's scan_chain event, each passing its own
// time notation (epoch seconds, ISO 8601, --time-format).
#pragma once

#include <nlohmann/json.hpp>

#include <functional>

#include "classify/features/scan_chain.hpp"

namespace gp {

using ChainTimeJson = std::function<nlohmann::ordered_json(TimeNs)>;

// {client, server, port, transport, scanned_ports, scanned_hosts, open_ports, sessions,
//  client_bytes, server_bytes, first_probe_answered, first_session, reason}
nlohmann::ordered_json scan_chain_json(const ScanChain& chain, const ChainTimeJson& time);

}  // namespace gp
