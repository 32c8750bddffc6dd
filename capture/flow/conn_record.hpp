// One finished (or expired, or still-open-at-end) connection, in Zeek conn.log terms.
// Produced by the flow table; consumed by writers and classifiers. Owns its data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/ip_address.hpp"
#include "common/time.hpp"

namespace gp {

// Zeek's conn_state vocabulary (base/protocols/conn/main.zeek).
enum class ConnState : std::uint8_t { S0, S1, SF, REJ, S2, S3, RSTO, RSTR, RSTOS0, RSTRH, SH, SHR, OTH };
std::string_view to_string(ConnState s);
std::optional<ConnState> parse_conn_state(std::string_view text);

// Why a record was emitted.
enum class FlowEnd : std::uint8_t { inactivity_timeout, evicted, end_of_input };
std::string_view to_string(FlowEnd e);

struct ConnRecord {
  TimeNs start = 0;
  TimeNs last = 0;  // time of the last packet; duration = last - start
  std::string uid;  // Zeek-style "C" + base62 id, deterministic per run

  // Originator / responder after Zeek's role decision (incl. flips).
  IpAddress orig_h;
  std::uint16_t orig_p = 0;  // ICMP: type
  IpAddress resp_h;
  std::uint16_t resp_p = 0;  // ICMP: counterpart type or code
  std::uint8_t ip_proto = 0;

  ConnState state = ConnState::OTH;
  std::string history;  // Zeek history letters, '^' for a flip
  std::uint64_t orig_bytes = 0;
  std::uint64_t resp_bytes = 0;
  std::uint64_t missed_bytes = 0;
  std::uint64_t orig_pkts = 0;
  std::uint64_t orig_ip_bytes = 0;
  std::uint64_t resp_pkts = 0;
  std::uint64_t resp_ip_bytes = 0;

  // Zeek's tunnel_parents: uids of the flows that carried this one's packets in a tunnel
  // (empty for a flow seen as it was on the wire).
  std::vector<std::string> tunnel_parents;

  // Zeek's service: the protocols identified on this flow, by Zeek's analyzer names,
  // comma-joined ("ssh", "quic,ssl"); empty when none. The flow table leaves it empty: it
  // knows no protocols; whoever writes conn.log fills it (classify/protocol zeek_service()).
  std::string service;

  // ICMP errors (unreachable, time exceeded, …) that quoted a packet of this flow.
  std::uint32_t icmp_errors = 0;
  FlowEnd end = FlowEnd::end_of_input;

  TimeNs duration() const { return last - start; }
};

}  // namespace gp
