#include "capture/flow/flow.hpp"
#include "classify/features/orientation.hpp"

namespace gp {
namespace {

Orientation as_zeek(const ConnRecord& r) {
  return Orientation{r.orig_h, r.resp_h, r.resp_p, r.ip_proto, true, false};
}

Orientation reversed(const ConnRecord& r) {
  return Orientation{r.resp_h, r.orig_h, r.orig_p, r.ip_proto, false, false};
}

}  // namespace

Orientation orient(const Flow&, const ConnRecord& r) {
  const std::string_view h = r.history;
  const bool flipped_at_start = !h.empty() && h.front() == '^';
  if (r.ip_proto == 6) {
    if (h.find('S') != std::string_view::npos) return as_zeek(r);
    if (h.find('s') != std::string_view::npos) return reversed(r);
    // No SYN from anyone. If the first packet was a SYN-ACK or RST, whoever sent it is the
    // service and its receiver never asked: backscatter from a spoofed scan or flood.
    const std::size_t first = flipped_at_start ? 1 : 0;
    if (first < h.size()) {
      const char c = h[first];
      if (c == 'H' || c == 'R') {
        Orientation o = reversed(r);
        o.unsolicited = true;
        return o;
      }
      if (c == 'h' || c == 'r') {
        Orientation o = as_zeek(r);
        o.unsolicited = h.find_first_of("DA", first) == std::string_view::npos;
        return o;
      }
    }
    return as_zeek(r);  // mid-stream: trust Zeek's port-based guess
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
  if (r.ip_proto == 17 && flipped_at_start && r.orig_pkts == 0) {
    // Zeek flipped because the first sender used a likely-server port, and the other side
    // never said a word: the sender started this conversation (an NTP or syslog client on
    // its well-known source port, aimed at the wrong destination port).
    return reversed(r);
  }
  return as_zeek(r);
}

}  // namespace gp
