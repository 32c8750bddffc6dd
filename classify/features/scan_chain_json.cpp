#include "classify/features/scan_chain_json.hpp"

#include "common/ip_protocol.hpp"

namespace gp {

nlohmann::ordered_json scan_chain_json(const ScanChain& c, const ChainTimeJson& time) {
  return {{"client", c.client.to_string()},
          {"server", c.server.to_string()},
          {"port", c.port},
          {"transport", transport_name(c.ip_proto)},
          {"scanned_ports", c.scanned_ports},
          {"scanned_hosts", c.scanned_hosts},
          {"open_ports", c.open_ports},
          {"sessions", c.sessions},
          {"client_bytes", c.client_bytes},
          {"server_bytes", c.server_bytes},
          {"first_probe_answered", time(c.first_probe_answered)},
          {"first_session", time(c.first_session)},
          {"reason", c.reason()}};
}

}  // namespace gp
