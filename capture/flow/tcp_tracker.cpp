// A port of the connection-level logic of Zeek's TCP analysis (TCP.cc,
// TCPSessionAdapter.cc, TCP_Endpoint.cc), without its reassembly and events: the parts
// that decide conn_state, history, sizes and timers. Function names follow Zeek's so the
// two can be read side by side.
#include "capture/flow/tcp_tracker.hpp"

#include <algorithm>
#include <utility>

namespace gp {
namespace {

constexpr std::int32_t kTooLargeSeqDelta = 1048576;

struct Flags {
  std::uint8_t bits;
  bool syn() const { return (bits & tcp_flag::kSyn) != 0; }
  bool fin() const { return (bits & tcp_flag::kFin) != 0; }
  bool rst() const { return (bits & tcp_flag::kRst) != 0; }
  bool ack() const { return (bits & tcp_flag::kAck) != 0; }
};

bool is_handshake(TcpState s) {
  return s == TcpState::inactive || s == TcpState::syn_sent || s == TcpState::syn_ack_sent;
}

// TCP_Endpoint::SetState, including the switch to the TCP inactivity timeout once the
// handshake is over.
void set_state(TcpEndpoint& ep, const TcpEndpoint& peer, TcpState s, Flow& flow, TcpContext& ctx) {
  if (s == ep.state) return;
  if (!is_handshake(s) && is_handshake(ep.state) && is_handshake(peer.state)) {
    ctx.timers.set_inactivity_timeout(flow, ctx.timeouts.tcp_inactivity);
  }
  ep.set_state(s);
}

std::int32_t segment_length(std::int32_t payload_len, Flags f) {
  std::int32_t seg = payload_len;
  if (f.syn()) ++seg;
  if (f.fin()) ++seg;
  if (f.rst()) seg -= payload_len;  // RST payload is not part of the stream
  return seg;
}

void init_endpoint(TcpEndpoint& ep, Flags f, std::uint32_t first_seg_seq, std::uint32_t last_seq) {
  switch (ep.state) {
    case TcpState::inactive:
      if (f.syn()) {
        ep.init_ack_seq(first_seg_seq);
        ep.init_start_seq(first_seg_seq);
      } else {
        // Partial connection: number as though a SYN had been seen.
        ep.init_ack_seq(first_seg_seq - 1);
        ep.init_start_seq(first_seg_seq - 1);
        last_seq = first_seg_seq;
      }
      ep.init_last_seq(last_seq);
      break;
    case TcpState::syn_sent:
    case TcpState::syn_ack_sent:
      if (f.syn() && first_seg_seq != ep.start_seq) {
        ep.init_start_seq(first_seg_seq);
        ep.init_ack_seq(first_seg_seq);
        ep.init_last_seq(last_seq);
      }
      break;
    case TcpState::established:
    case TcpState::partial:
      if (f.syn()) {
        ep.init_start_seq(first_seg_seq);
        ep.init_ack_seq(first_seg_seq);
        ep.init_last_seq(last_seq);
      }
      break;
    case TcpState::reset:
      if (f.syn() && ep.prev_state == TcpState::inactive) {
        // Sequence numbers came from a (possibly spoofed) RST; trust the SYN instead.
        ep.init_start_seq(first_seg_seq);
        ep.init_ack_seq(first_seg_seq);
        ep.init_last_seq(last_seq);
      }
      break;
    case TcpState::closed: break;
  }
}

std::uint64_t relative_seq(const TcpEndpoint& ep, std::uint32_t cur, std::uint32_t last, std::uint32_t wraps,
                           bool* underflow) {
  std::int32_t delta = seq_delta(cur, last);
  if (delta < 0) {
    if (wraps != 0 && cur > last) --wraps;  // part of a previous 32-bit sequence space
  } else if (delta > 0) {
    if (cur < last) ++wraps;  // the sequence space wrapped around
  }
  if (wraps == 0) {
    delta = seq_delta(cur, ep.start_seq);
    if (underflow != nullptr && delta < 0) *underflow = true;
    return static_cast<std::uint64_t>(static_cast<std::int64_t>(delta));
  }
  return ep.to_relative(cur, wraps);
}

void update_history(History& h, TcpEndpoint& ep, Flags f, std::uint64_t rel_seq, std::int32_t len) {
  const bool orig = ep.is_orig;
  const int bits = (f.syn() ? 1 : 0) + (f.fin() ? 1 : 0) + (f.rst() ? 1 : 0);
  if (bits > 1) {
    if (f.fin() && f.rst()) {
      h.check(hist::kFinRst, 'I', orig);
    } else {
      h.check(hist::kMultiFlag, 'Q', orig);
    }
    return;
  }
  if (bits == 1) {
    if (f.syn()) {
      const char code = f.ack() ? 'H' : 'S';
      if (h.check(hist::kSyn, code, orig) && rel_seq != ep.hist_last_syn) h.add(code, orig);
      ep.hist_last_syn = rel_seq;
    }
    if (f.fin()) {
      // A FIN's sequence number comes after the data it carries.
      const std::uint64_t fin_seq = rel_seq + static_cast<std::uint64_t>(len);
      if (h.check(hist::kFin, 'F', orig) && fin_seq != ep.hist_last_fin) h.add('F', orig);
      ep.hist_last_fin = fin_seq;
    }
    if (f.rst()) {
      if (h.check(hist::kRst, 'R', orig) && rel_seq != ep.hist_last_rst) h.add('R', orig);
      ep.hist_last_rst = rel_seq;
    }
    return;
  }
  if (len != 0) {
    h.check(hist::kData, 'D', orig);
  } else if (f.ack()) {
    h.check(hist::kAck, 'A', orig);
  }
}

void init_peer(TcpEndpoint& peer, std::uint32_t ack_seq) {
  // Number the peer's sequence space as if its SYN had been seen.
  peer.init_start_seq(ack_seq - 1);
  peer.init_ack_seq(ack_seq - 1);
  peer.init_last_seq(ack_seq - 1);
}

void update_ack_seq(TcpEndpoint& ep, std::uint32_t ack_seq) {
  const std::int32_t delta = seq_delta(ack_seq, ep.ack_seq);
  if (ack_seq == 0 && delta > kTooLargeSeqDelta) return;  // a broken ack, not a wrap to 0
  if (delta > 0) ep.update_ack_seq(ack_seq);
}

std::int32_t update_last_seq(TcpEndpoint& ep, History& h, std::uint32_t last_seq, Flags f, std::int32_t len) {
  const std::int32_t delta = seq_delta(last_seq, ep.last_seq);
  if ((f.syn() || f.rst()) && (delta > kTooLargeSeqDelta || delta < -kTooLargeSeqDelta)) {
    // Outlandish SYN/RST sequence numbers are not trusted.
  } else if (f.fin() && ep.last_seq == ep.start_seq + 1) {
    // Only SYN and FIN seen of a > 2 GB connection: take the FIN's number anyway.
    ep.update_last_seq(last_seq);
  } else if (ep.state == TcpState::reset) {
    // Nothing after a RST is trusted.
  } else if (delta > 0) {
    ep.update_last_seq(last_seq);
  } else if (len > 0) {
    h.scaled('T', ep.is_orig, ep.retransmits);
  }
  return delta;
}

struct CloseDecision {
  bool do_close = false;
  bool gen_event = false;
};

void update_inactive_state(Flow& flow, TcpEndpoint& ep, TcpEndpoint& peer, std::uint32_t base_seq, std::int32_t len,
                           bool is_orig, Flags f, TimeNs now, CloseDecision& d, TcpContext& ctx) {
  if (f.syn()) {
    if (is_orig) {
      set_state(ep, peer, f.ack() ? TcpState::syn_ack_sent : TcpState::syn_sent, flow, ctx);
      if (ctx.timeouts.tcp_attempt_delay > 0) {
        ctx.timers.schedule(flow, TimerKind::tcp_attempt, now + ctx.timeouts.tcp_attempt_delay);
      }
    } else {
      if (!f.ack() && peer.state == TcpState::syn_ack_sent && base_seq == ep.start_seq) {
        // SYN and SYN-ACK seen in reverse order (e.g. two capture interfaces): flip the
        // roles and establish the connection.
        flip_roles(flow);
        set_state(peer, ep, TcpState::established, flow, ctx);
      }
      if (peer.state == TcpState::syn_sent) set_state(peer, ep, TcpState::established, flow, ctx);
      set_state(ep, peer, TcpState::established, flow, ctx);
    }
  }
  if (f.fin()) {
    set_state(ep, peer, TcpState::closed, flow, ctx);
    d.do_close = d.gen_event = true;
  }
  if (f.rst()) {
    set_state(ep, peer, TcpState::reset, flow, ctx);
    // A reject: the answer to an initial SYN, or (orig side) a RST after a SYN-ACK from a
    // responder whose SYN we never saw.
    const bool is_reject = is_orig ? peer.state == TcpState::established
                                   : (peer.state == TcpState::syn_sent || peer.state == TcpState::syn_ack_sent);
    d.do_close = true;
    d.gen_event = !is_reject;
  }
  if (ep.state == TcpState::inactive) {
    if (!is_orig && len == 0 && flow.orig_ep().state == TcpState::syn_sent) {
      // Some stacks ACK a SYN before answering it; that ACK does not make a partial
      // connection.
    } else if (f.ack() && peer.state == TcpState::established) {
      // SYN-ACK seen, SYN missed, now a pure ACK: establish rather than call it partial.
      set_state(ep, peer, TcpState::established, flow, ctx);
    } else {
      set_state(ep, peer, TcpState::partial, flow, ctx);
    }
  }
}

void update_syn_sent_state(Flow& flow, TcpEndpoint& ep, TcpEndpoint& peer, Flags f, CloseDecision& d, TcpContext& ctx) {
  if (f.fin()) {
    set_state(ep, peer, TcpState::closed, flow, ctx);
    d.do_close = d.gen_event = true;
  }
  if (f.rst()) {
    set_state(ep, peer, TcpState::reset, flow, ctx);
    flow.tcp_active = false;  // ConnectionReset
    d.do_close = true;
  }
}

void update_established_state(Flow& flow, TcpEndpoint& ep, TcpEndpoint& peer, Flags f, CloseDecision& d,
                              TcpContext& ctx) {
  if (f.syn() && ep.state == TcpState::partial && peer.state == TcpState::inactive && !f.ack()) {
    set_state(ep, peer, TcpState::syn_sent, flow, ctx);
  }
  if (f.fin() && !f.rst()) {
    set_state(ep, peer, TcpState::closed, flow, ctx);
    // The peer's FIN followed by its RST was a normal close after all.
    if (peer.state == TcpState::reset && peer.prev_state == TcpState::closed) {
      set_state(peer, ep, TcpState::closed, flow, ctx);
    }
    d.do_close = d.gen_event = true;
  }
  if (f.rst()) {
    set_state(ep, peer, TcpState::reset, flow, ctx);
    d.do_close = true;
    if (peer.state != TcpState::reset || peer.prev_state != TcpState::established) flow.tcp_active = false;
  }
}

void update_closed_state(Flow& flow, TcpEndpoint& ep, TcpEndpoint& peer, Flags f, TimeNs now, CloseDecision& d,
                         TcpContext& ctx) {
  // After a FIN exchange a RST changes nothing; after our lone FIN it resets us.
  if (f.rst() && peer.state != TcpState::closed) {
    set_state(ep, peer, TcpState::reset, flow, ctx);
    if (!ep.did_close) d.do_close = true;
    ctx.timers.schedule(flow, TimerKind::tcp_reset, now + ctx.timeouts.tcp_reset_delay);
  }
}

// The peer's data up to `rel_ack` was acknowledged: whatever of it never passed the sensor
// is a content gap (Zeek's TCP_Reassembler::AckReceived). Gaps are not tracked while either
// side is partial (report_gaps_for_partial=F), and a gap revealed by a FIN is counted but not
// put in the history, since such gaps are unreliable.
void note_acked(Flow& flow, TcpEndpoint& peer, std::uint64_t rel_ack, Flags f) {
  const TcpEndpoint& self = &peer == &flow.tcp[0] ? flow.tcp[1] : flow.tcp[0];
  if (peer.state == TcpState::partial || self.state == TcpState::partial || peer.state == TcpState::inactive) return;
  std::uint64_t acked_end = rel_ack;
  if (peer.fin_end != 0 && acked_end >= peer.fin_end) acked_end = peer.fin_end - 1;  // the FIN is no data
  const std::uint64_t missed = peer.acked(acked_end);
  if (missed == 0) return;
  peer.missed_bytes += missed;
  if (!f.fin()) flow.history.scaled('G', peer.is_orig, peer.gaps);
}

void connection_closed(Flow& flow, TcpEndpoint& ep, TcpEndpoint& peer, bool gen_event, TcpContext& ctx) {
  if (ep.did_close) return;
  ep.did_close = true;
  const bool close_complete = ep.state == TcpState::reset || peer.did_close || peer.state == TcpState::inactive;
  if (close_complete) {
    if ((ep.prev_state != TcpState::inactive || peer.state != TcpState::inactive) && gen_event) {
      flow.tcp_active = false;  // ConnectionFinished
    }
    ctx.timers.cancel_tcp_timers(flow);
    ctx.timers.schedule(flow, TimerKind::tcp_delete, flow.last + ctx.timeouts.tcp_close_delay);
  } else if (ep.prev_state != TcpState::inactive) {
    // Wait for the other side to close too.
    ctx.timers.schedule(flow, TimerKind::tcp_expire, flow.last + ctx.timeouts.tcp_session_timer);
  }
}

}  // namespace

namespace {
void swap_sides(Flow& flow) {
  std::swap(flow.orig_h, flow.resp_h);
  std::swap(flow.orig_p, flow.resp_p);
  std::swap(flow.orig_pkts, flow.resp_pkts);
  std::swap(flow.orig_ip_bytes, flow.resp_ip_bytes);
  std::swap(flow.orig_size, flow.resp_size);
  std::swap(flow.orig_seen_data, flow.resp_seen_data);
  flow.orig_index ^= 1U;
  flow.tcp[0].is_orig = !flow.tcp[0].is_orig;
  flow.tcp[1].is_orig = !flow.tcp[1].is_orig;
  flow.evidence.flip();
}
}  // namespace

void flip_roles(Flow& flow) {
  swap_sides(flow);
  flow.history.flip();
}

void flip_roles_retroactively(Flow& flow) {
  swap_sides(flow);
  flow.history.flip_retroactively();
}

bool tcp_should_flip_after_syn_ack(const Flow& flow, const DecodedPacket& pkt) {
  const Flags f{pkt.tcp.flags};
  if (f.syn() || f.fin() || f.rst()) return false;
  if (!f.ack() && pkt.payload_len == 0) return false;
  return flow.orig_ep().state == TcpState::syn_ack_sent && flow.resp_ep().state == TcpState::inactive;
}

void tcp_start(Flow& flow, TcpContext& ctx, TimeNs now) {
  flow.tcp[0].is_orig = flow.orig_index == 0;
  flow.tcp[1].is_orig = flow.orig_index == 1;
  ctx.timers.schedule(flow, TimerKind::tcp_expire, now + ctx.timeouts.tcp_syn_timeout);
}

void tcp_bad_checksum(Flow& flow, bool is_orig) {
  TcpEndpoint& ep = is_orig ? flow.orig_ep() : flow.resp_ep();
  flow.history.scaled('C', ep.is_orig, ep.bad_checksums);
}

void tcp_process_packet(Flow& flow, const DecodedPacket& pkt, bool is_orig, TcpContext& ctx) {
  TcpEndpoint& ep = is_orig ? flow.orig_ep() : flow.resp_ep();
  TcpEndpoint& peer = is_orig ? flow.resp_ep() : flow.orig_ep();
  const Flags f{pkt.tcp.flags};
  const std::uint32_t base_seq = pkt.tcp.seq;
  const std::uint32_t ack_seq = pkt.tcp.ack;
  const auto len = static_cast<std::int32_t>(pkt.payload_len);
  const TimeNs now = pkt.ts;

  const std::int32_t seg_len = segment_length(len, f);
  const std::uint32_t seq_one_past_segment = base_seq + static_cast<std::uint32_t>(seg_len);
  init_endpoint(ep, f, base_seq, seq_one_past_segment);

  bool seq_underflow = false;
  const std::uint64_t rel_seq = relative_seq(ep, base_seq, ep.last_seq, ep.seq_wraps, &seq_underflow);
  update_history(flow.history, ep, f, rel_seq, len);

  // Zero windows matter unless they come with or after a RST, or after the peer's FIN.
  if (pkt.tcp.window == 0 && !f.rst() && peer.state != TcpState::closed && ep.state != TcpState::reset) {
    flow.history.scaled('W', ep.is_orig, ep.zero_windows);
  }

  if (!flow.orig_ep().did_close || !flow.resp_ep().did_close) flow.last = now;

  if (f.fin()) ++ep.fin_count;
  if (f.rst()) ++ep.rst_count;

  std::uint64_t rel_ack = 0;
  if (f.ack()) {
    if (peer.state == TcpState::inactive) {
      rel_ack = 1;
      init_peer(peer, ack_seq);
    } else {
      bool ack_underflow = false;
      rel_ack = relative_seq(peer, ack_seq, peer.ack_seq, peer.ack_wraps, &ack_underflow);
      if (ack_underflow) {
        rel_ack = 0;
      } else if (!f.rst()) {
        update_ack_seq(peer, ack_seq);  // ACKs in RSTs are not trusted
      }
    }
  }

  update_last_seq(ep, flow.history, seq_one_past_segment, f, len);

  CloseDecision d;
  switch (ep.state) {
    case TcpState::inactive: update_inactive_state(flow, ep, peer, base_seq, len, is_orig, f, now, d, ctx); break;
    case TcpState::syn_sent:
    case TcpState::syn_ack_sent: update_syn_sent_state(flow, ep, peer, f, d, ctx); break;
    case TcpState::established:
    case TcpState::partial: update_established_state(flow, ep, peer, f, d, ctx); break;
    case TcpState::closed: update_closed_state(flow, ep, peer, f, now, d, ctx); break;
    case TcpState::reset: break;
  }

  if (f.fin()) ep.fin_end = rel_seq + static_cast<std::uint64_t>(seg_len);
  if (len > 0 && !f.rst() && !seq_underflow) {
    const std::uint64_t data_start = f.syn() ? rel_seq + 1 : rel_seq;
    ep.data_seen(data_start, data_start + static_cast<std::uint64_t>(len));
  }
  if (f.ack() && !f.rst() && rel_ack > 0) note_acked(flow, peer, rel_ack, f);

  if (d.do_close) connection_closed(flow, ep, peer, d.gen_event, ctx);
}

bool tcp_is_reuse(const Flow& flow, const DecodedPacket& pkt) {
  const Flags f{pkt.tcp.flags};
  if (!f.syn()) return false;  // reuse starts with a SYN (or a half-open flow's SYN-ACK)
  const TcpEndpoint* conn_orig = &flow.orig_ep();
  if (f.ack()) {
    if (flow.orig_ep().state != TcpState::inactive) return false;
    conn_orig = &flow.resp_ep();
  }
  const bool is_closed = flow.orig_ep().did_close || flow.resp_ep().did_close;
  if (!is_closed) {
    if (pkt.tcp.seq == conn_orig->start_seq) return false;
    if (!f.ack() && conn_orig->state == TcpState::syn_ack_sent && flow.resp_ep().state == TcpState::inactive &&
        pkt.tcp.seq == flow.resp_ep().start_seq) {
      return false;  // SYN and SYN-ACK reversed; the state machine flips it
    }
  }
  return true;
}

bool tcp_attempt_timer(const Flow& flow) {
  if (!flow.tcp_active) return false;
  const TcpState o = flow.orig_ep().state;
  return (o == TcpState::syn_sent || o == TcpState::syn_ack_sent) && flow.resp_ep().state == TcpState::inactive;
}

bool tcp_expire_timer(Flow& flow, TimeNs now, TcpContext& ctx) {
  if (!flow.tcp_active) return false;
  const TcpEndpoint& o = flow.orig_ep();
  const TcpEndpoint& r = flow.resp_ep();
  if (flow.last + ctx.timeouts.tcp_connection_linger < now) {
    if (o.did_close || r.did_close) {
      // Both closed, or one reset, or half-closed with a silent peer: it is over.
      if ((o.did_close && r.did_close) || o.state == TcpState::reset || r.state == TcpState::reset ||
          o.state == TcpState::inactive || r.state == TcpState::inactive) {
        return true;
      }
    }
    if (r.state == TcpState::inactive && o.state == TcpState::inactive) return true;
  }
  ctx.timers.schedule(flow, TimerKind::tcp_expire, now + ctx.timeouts.tcp_session_timer);
  return false;
}

bool tcp_reset_timer(const Flow& flow) { return flow.tcp_active; }

}  // namespace gp
