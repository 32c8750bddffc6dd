// Scan then session: a source that scanned, and later held a session with data on a port
// that had answered one of its probes (a shell, an upload, an exploit). The finding analyze
// and scan-report list as "scans followed by sessions"; the rule
// suspicious_scan_then_session labels the same conversations through the feature
// scan_then_session.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "classify/features/conversation_features.hpp"
#include "classify/features/traffic_model.hpp"

namespace gp {

struct ScanChain {
  IpAddress client;
  IpAddress server;
  std::uint16_t port = 0;
  std::uint8_t ip_proto = 0;
  std::uint64_t scanned_ports = 0;  // distinct ports the client touched (all hosts)
  std::uint64_t scanned_hosts = 0;
  std::uint64_t open_ports = 0;    // distinct ports that accepted or answered it
  std::uint64_t client_bytes = 0;  // in the conversation, probes included
  std::uint64_t server_bytes = 0;
  std::uint32_t sessions = 0;
  TimeNs first_probe_answered = 0;
  TimeNs first_session = 0;

  // "scanned 2,200 ports on 10.1.2.3, then sent 1.2 MB and received 3 kB on 2050/tcp, one
  // of the 2 ports it found open"
  std::string reason() const;
};

// Whether a conversation's own history is a scan chain (its client named a scanner).
bool is_scan_chain(const ConversationStats& stats);

// The chain of one conversation whose client scans (`scan`), if its history is one. The
// scanned ports and hosts are scan detection's counts (those of its scan report and of the
// rules' reasons); the open ports are the model's.
std::optional<ScanChain> scan_chain_of(const TrafficModel& model, const ConversationKey& key,
                                       const ClientScanInfo& scan);

// Every scan chain in `model`, ordered by the session's start; `scan_info` says which
// clients scan detection named, and their counts.
std::vector<ScanChain> find_scan_chains(const TrafficModel& model,
                                        const std::function<ClientScanInfo(const IpAddress&)>& scan_info);

}  // namespace gp
