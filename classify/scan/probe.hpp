// What one finished flow was, seen as a probe: its kind (from the originator's first TCP
// segment, else from Zeek's history letters) and what answered it. Pure functions of the
// ConnRecord and the flow's evidence; no state.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "common/ip_address.hpp"
#include "capture/flow/conn_record.hpp"
#include "capture/flow/flow_evidence.hpp"

namespace gp::scan {

enum class ProbeKind : std::uint8_t {
  syn,          // SYN, no handshake completed (or completed by the scanner's RST: half-open)
  connect,      // handshake completed, then closed (RST/FIN) with no data either way
  udp,          // UDP datagram(s)
  fin,          // FIN only (nmap -sF)
  null_scan,    // no flags (nmap -sN)
  xmas,         // FIN+PSH+URG (nmap -sX)
  ack,          // ACK only (nmap -sA/-sW)
  maimon,       // FIN+ACK (nmap -sM)
  icmp_echo,    // ICMP/ICMPv6 echo request (ping sweep)
  backscatter,  // SYN-ACK or RST sent to a host that never sent a SYN
  session,      // a real exchange (TCP data after a handshake): not a probe
  other,        // ICMP errors, mid-stream pickups, other protocols: ignored
};
inline constexpr std::size_t kProbeKindCount = 12;
std::string_view to_string(ProbeKind k) noexcept;

enum class ProbeOutcome : std::uint8_t {
  open,         // SYN-ACK (TCP) or any reply (UDP, ICMP echo)
  closed,       // RST to the probe
  unreachable,  // an ICMP error quoted the probe (closed port or filtered on the way)
  unanswered,   // nothing came back (filtered, or open|filtered for FIN/NULL/Xmas/UDP)
  none,         // not a probe (sessions, backscatter, other)
};
inline constexpr std::size_t kProbeOutcomeCount = 5;
std::string_view to_string(ProbeOutcome o) noexcept;

// A flow seen as a probe. For backscatter the "prober" is the host that sent the
// unsolicited SYN-ACK/RST and `port` its (service) port; otherwise the originator and the
// responder's port.
struct Probe {
  ProbeKind kind = ProbeKind::other;
  ProbeOutcome outcome = ProbeOutcome::none;
  IpAddress source;
  IpAddress target;
  std::uint16_t port = 0;  // 0 for ICMP
  std::uint8_t ip_proto = 0;
};

Probe classify_probe(const ConnRecord& rec, const FlowEvidence& evidence);

}  // namespace gp::scan
