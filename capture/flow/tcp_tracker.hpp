// Zeek's TCP connection tracking, packet by packet: sequence space, history letters and
// the endpoint state machine of TCPSessionAdapter / TCP_Endpoint, so that conn_state,
// history and byte counts agree with Zeek's conn.log. Pure state updates on a Flow; timers
// are requested through TimerScheduler.
#pragma once

#include "capture/decode/decoded_packet.hpp"
#include "capture/flow/flow.hpp"
#include "capture/flow/timers.hpp"

namespace gp {

struct TcpContext {
  TimerScheduler& timers;
  const FlowTimeouts& timeouts;
};

// Updates the flow with one TCP packet from the originator (is_orig) or responder.
void tcp_process_packet(Flow& flow, const DecodedPacket& pkt, bool is_orig, TcpContext& ctx);

// Zeek (since 5.1) flips a connection that began with a SYN-ACK once an ACK or data
// segment follows in either direction: scans never send those. True when `pkt` does that;
// the caller flips before processing it.
bool tcp_should_flip_after_syn_ack(const Flow& flow, const DecodedPacket& pkt);

// The flip for that case: roles swap and the history so far changes sides.
void flip_roles_retroactively(Flow& flow);

// A bad-checksum packet: counted in the history ('C'), otherwise ignored (as Zeek does).
void tcp_bad_checksum(Flow& flow, bool is_orig);

// True when a SYN (or SYN-ACK of a half-open flow) starts a new connection on the same
// 5-tuple (Zeek's TCPSessionAdapter::IsReuse).
bool tcp_is_reuse(const Flow& flow, const DecodedPacket& pkt);

// Sets up a new TCP flow; `flip` swaps the roles before the first packet.
void tcp_start(Flow& flow, TcpContext& ctx, TimeNs now);

// Timer handlers: true when the connection is finished and must be removed.
bool tcp_attempt_timer(const Flow& flow);
bool tcp_expire_timer(Flow& flow, TimeNs now, TcpContext& ctx);
bool tcp_reset_timer(const Flow& flow);

// Swaps originator and responder (Connection::FlipRoles + TCPSessionAdapter::FlipRoles).
void flip_roles(Flow& flow);

}  // namespace gp
