// The conversation scripts: each fills Conversation::steps (and the ports) for endpoints the
// traffic mix has already chosen. Sequence numbers follow RFC 793 so that flow engines see
// clean handshakes, data both ways and orderly closes.
#pragma once

#include "bench/gencap/conversation.hpp"
#include "bench/gencap/rng.hpp"

namespace gp::bench {

void script_tcp_session(Rng& rng, Conversation& c);        // handshake, requests/responses, FIN or RST
void script_short_tcp_session(Rng& rng, Conversation& c);  // handshake, one small exchange, FIN
void script_tcp_rejected(Rng& rng, Conversation& c);       // SYN answered by RST-ACK
void script_dns(Rng& rng, Conversation& c);                // query and (usually) its answer
void script_udp_app(Rng& rng, Conversation& c);            // NTP, SNMP, SSDP, game and orphan-port chatter
void script_port_unreachable(Rng& rng, Conversation& c);   // UDP to a closed port, ICMP error back
void script_traceroute(Rng& rng, Conversation& c);         // UDP probes, time exceeded from the router
void script_ping(Rng& rng, Conversation& c);               // echo request/reply
void script_scan(Rng& rng, Conversation& c);               // SYNs to 50-600 ports, RSTs back
void script_scan_burst(Rng& rng, Conversation& c);         // SYNs to 50 ports, RSTs back

}  // namespace gp::bench
