#include "classify/scan/probe.hpp"

#include "capture/decode/decoded_packet.hpp"

namespace gp::scan {
namespace {

constexpr std::array<std::string_view, kProbeKindCount> kKindNames{
    "syn", "connect", "udp", "fin", "null", "xmas", "ack", "maimon", "icmp_echo", "backscatter", "session", "other"};
constexpr std::array<std::string_view, kProbeOutcomeCount> kOutcomeNames{"open", "closed", "unreachable", "unanswered",
                                                                         "none"};

bool has(std::string_view s, char c) { return s.find(c) != std::string_view::npos; }

// ECE/CWR ride along on SYNs of ECN-capable stacks; they do not change what a probe is.
constexpr std::uint8_t kCoreFlags =
    tcp_flag::kFin | tcp_flag::kSyn | tcp_flag::kRst | tcp_flag::kPsh | tcp_flag::kAck | tcp_flag::kUrg;

ProbeKind kind_from_flags(std::uint8_t flags) {
  using namespace tcp_flag;
  switch (static_cast<std::uint8_t>(flags & kCoreFlags)) {
    case kSyn: return ProbeKind::syn;
    case kFin: return ProbeKind::fin;
    case 0: return ProbeKind::null_scan;
    case kFin | kPsh | kUrg: return ProbeKind::xmas;
    case kAck: return ProbeKind::ack;
    case kFin | kAck: return ProbeKind::maimon;
    case kSyn | kAck:
    case kRst:
    case kRst | kAck: return ProbeKind::backscatter;
    default: return ProbeKind::other;
  }
}

// Without a first segment (roles flipped, or a non-TCP capture quirk), the history's first
// letter tells what the originator opened with (Zeek: upper case = originator).
ProbeKind kind_from_history(std::string_view h) {
  if (h.empty()) return ProbeKind::other;
  switch (h.front()) {
    case 'S': return ProbeKind::syn;
    case 'F': return ProbeKind::fin;
    case 'H':
    case 'R': return has(h, 'S') ? ProbeKind::other : ProbeKind::backscatter;
    default: return ProbeKind::other;
  }
}

ProbeOutcome tcp_outcome(const ConnRecord& rec, ProbeKind kind) {
  const std::string_view h = rec.history;
  if (kind == ProbeKind::syn || kind == ProbeKind::connect) {
    if (has(h, 'h')) return ProbeOutcome::open;
  }
  if (has(h, 'r')) return ProbeOutcome::closed;
  if (rec.icmp_errors > 0) return ProbeOutcome::unreachable;
  if (rec.resp_pkts == 0) return ProbeOutcome::unanswered;
  return ProbeOutcome::open;  // answered with something other than RST (ACK scans: unfiltered)
}

}  // namespace

std::string_view to_string(ProbeKind k) noexcept { return kKindNames[static_cast<std::size_t>(k)]; }
std::string_view to_string(ProbeOutcome o) noexcept { return kOutcomeNames[static_cast<std::size_t>(o)]; }

Probe classify_probe(const ConnRecord& rec, const FlowEvidence& evidence) {
  Probe p;
  p.source = rec.orig_h;
  p.target = rec.resp_h;
  p.port = rec.resp_p;
  p.ip_proto = rec.ip_proto;
  std::string_view h = rec.history;

  if (rec.ip_proto == ip_proto::kUdp) {
    p.kind = ProbeKind::udp;
    if (rec.resp_pkts > 0) p.outcome = ProbeOutcome::open;
    else if (rec.icmp_errors > 0) p.outcome = ProbeOutcome::unreachable;
    else p.outcome = ProbeOutcome::unanswered;
    return p;
  }
  if (rec.ip_proto == ip_proto::kIcmp || rec.ip_proto == ip_proto::kIcmpV6) {
    // orig_p carries the ICMP type: 8 echo request (v4), 128 (v6). Errors are not probes:
    // they are already counted on the flow they quote.
    const bool echo = (rec.ip_proto == ip_proto::kIcmp && rec.orig_p == 8) ||
                      (rec.ip_proto == ip_proto::kIcmpV6 && rec.orig_p == 128);
    if (!echo) return p;
    p.kind = ProbeKind::icmp_echo;
    p.port = 0;
    p.outcome = rec.resp_pkts > 0 ? ProbeOutcome::open : ProbeOutcome::unanswered;
    return p;
  }
  if (rec.ip_proto != ip_proto::kTcp) return p;

  // Zeek flips roles when the first packet seen is a SYN-ACK: the answering host becomes
  // the responder, and the history starts "^h" (or "^r"). That host is the emitter.
  if (h.size() >= 2 && h.front() == '^' && (h[1] == 'h' || h[1] == 'r') && !has(h, 'S')) {
    p.kind = ProbeKind::backscatter;
    p.source = rec.resp_h;
    p.target = rec.orig_h;
    p.port = rec.resp_p;
    return p;
  }
  if (!h.empty() && h.front() == '^') h.remove_prefix(1);

  const FirstSegment& first = evidence.first_orig_segment;
  p.kind = first.present ? kind_from_flags(first.flags) : kind_from_history(h);
  if (p.kind == ProbeKind::backscatter) {
    p.port = rec.orig_p;  // the emitter's service port
    p.target = rec.resp_h;
    return p;
  }
  if (p.kind == ProbeKind::other) return p;
  // A first segment with ACK set is what a capture that started mid-connection sees first;
  // only a data-less, one- or two-packet exchange is an ACK/Maimon probe.
  if ((p.kind == ProbeKind::ack || p.kind == ProbeKind::maimon) &&
      (rec.orig_bytes > 0 || rec.resp_bytes > 0 || rec.orig_pkts > 2)) {
    p.kind = ProbeKind::other;
    return p;
  }
  if (p.kind == ProbeKind::syn && has(h, 'h') && has(h, 'A')) {
    // The handshake completed: data makes it a session; a close without data is a
    // connect() scan (nmap -sT, or a banner-less check).
    p.kind = (rec.orig_bytes > 0 || rec.resp_bytes > 0 || has(h, 'D') || has(h, 'd')) ? ProbeKind::session
                                                                                      : ProbeKind::connect;
  }
  if (p.kind == ProbeKind::session) return p;
  p.outcome = tcp_outcome(rec, p.kind);
  return p;
}

}  // namespace gp::scan
