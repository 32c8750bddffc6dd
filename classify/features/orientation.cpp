#include "classify/features/orientation.hpp"

#include "capture/flow/flow.hpp"
#include "classify/features/response_payload.hpp"

namespace gp {
namespace {

Orientation as_zeek(const ConnRecord& r) { return Orientation{r.orig_h, r.resp_h, r.resp_p, r.ip_proto, true, false}; }

Orientation reversed(const ConnRecord& r) {
  return Orientation{r.resp_h, r.orig_h, r.orig_p, r.ip_proto, false, false};
}

// Client ports the stacks pick (Linux 32768-60999, IANA and Windows 49152-65535): a port
// here facing a system port is the client's side.
bool ephemeral_port(std::uint16_t port) { return port >= 32768; }

// Without a handshake, what the payloads say: a response (DNS QR=1, NTP server mode, SNMP
// response, TLS ServerHello, an HTTP status line) makes its sender the server, whichever
// packet came first; failing that, a system port facing an ephemeral one is the service.
// Returns whether to reverse Zeek's roles.
bool responder_is_orig(const Flow& flow, const ConnRecord& r) {
  const bool orig_responds = payload_is_response(flow.evidence.first_payload[0], r.ip_proto);
  const bool resp_responds = payload_is_response(flow.evidence.first_payload[1], r.ip_proto);
  if (orig_responds != resp_responds) return orig_responds;
  return r.orig_p < 1024 && r.resp_p >= 1024 && ephemeral_port(r.resp_p);
}

}  // namespace

Orientation orient(const Flow& flow, const ConnRecord& r) {
  const std::string_view h = r.history;
  const bool flipped_at_start = !h.empty() && h.front() == '^';
  if (r.ip_proto == 6) {
    if (h.find('S') != std::string_view::npos) return as_zeek(r);
    if (h.find('s') != std::string_view::npos) return reversed(r);
    // No SYN from anyone. If the first packet was a SYN-ACK or RST, whoever sent it is the
    // service. Its receiver never asked (backscatter from a spoofed scan or flood) unless it
    // went on to acknowledge or send data: then the capture began after the SYN. A SYN-ACK
    // whose sender goes on to send data had its handshake completed too: the receiver's side
    // was simply not captured (asymmetric routing), which is no backscatter either.
    const std::size_t first = flipped_at_start ? 1 : 0;
    if (first < h.size()) {
      const char c = h[first];
      if (c == 'H' || c == 'R') {
        Orientation o = reversed(r);
        o.unsolicited = h.find_first_of("ad", first) == std::string_view::npos &&
                        (c == 'R' || h.find('D', first) == std::string_view::npos);
        return o;
      }
      if (c == 'h' || c == 'r') {
        Orientation o = as_zeek(r);
        o.unsolicited = h.find_first_of("DA", first) == std::string_view::npos &&
                        (c == 'r' || h.find('d', first) == std::string_view::npos);
        return o;
      }
    }
    // Mid-stream: the payloads, then the port numbers, then Zeek's port-based guess.
    return responder_is_orig(flow, r) ? reversed(r) : as_zeek(r);
  }
  if (r.ip_proto == 1 || r.ip_proto == 58) {
    // Zeek's ICMP "ports" are the type and the reply's type or the code (icmp_ports.hpp).
    // The service is the opening message's type: otherwise pings (8 -> reply 0) and a
    // traceroute's time-exceeded errors (11, code 0) would both be "port 0", and a host
    // unreachable (3, code 1) would be filed under type 1.
    Orientation o = as_zeek(r);
    o.port = r.orig_p;
    return o;
  }
  if (r.ip_proto == 17) {
    const bool orig_responds = payload_is_response(flow.evidence.first_payload[0], r.ip_proto);
    const bool resp_responds = payload_is_response(flow.evidence.first_payload[1], r.ip_proto);
    if (orig_responds && !resp_responds) return reversed(r);  // a response whose request was not captured
    if (resp_responds && !orig_responds) return as_zeek(r);
    if (flipped_at_start && r.orig_pkts == 0) {
      // Zeek flipped because the first sender used a likely-server port, and the other side
      // never said a word: the sender started this conversation (an NTP or syslog client on
      // its well-known source port, aimed at the wrong destination port).
      return reversed(r);
    }
    if (r.orig_p < 1024 && r.resp_p >= 1024 && ephemeral_port(r.resp_p) && r.resp_pkts > 0) return reversed(r);
  }
  return as_zeek(r);
}

}  // namespace gp
