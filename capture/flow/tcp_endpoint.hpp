// One side of a TCP connection as Zeek's TCP_Endpoint tracks it: state, sequence space
// (start / last / ack with wrap counts) and the counters behind the history letters.
// Plain data: the state machine that moves it lives in tcp_tracker.cpp.
#pragma once

#include <algorithm>
#include <cstdint>

#include "capture/flow/history.hpp"

namespace gp {

enum class TcpState : std::uint8_t { inactive, syn_sent, syn_ack_sent, partial, established, closed, reset };

inline std::int32_t seq_delta(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b); }

struct TcpEndpoint {
  bool is_orig = true;  // follows the endpoint through a role flip, as in Zeek
  TcpState state = TcpState::inactive;
  TcpState prev_state = TcpState::inactive;
  bool did_close = false;
  std::uint32_t start_seq = 0;
  std::uint32_t last_seq = 0;
  std::uint32_t ack_seq = 0;
  std::uint32_t seq_wraps = 0;
  std::uint32_t ack_wraps = 0;
  std::uint32_t fin_count = 0;
  std::uint32_t rst_count = 0;
  std::uint64_t hist_last_syn = 0;
  std::uint64_t hist_last_fin = 0;
  std::uint64_t hist_last_rst = 0;
  ScaledCounter retransmits;    // 'T'
  ScaledCounter zero_windows;   // 'W'
  ScaledCounter bad_checksums;  // 'C'
  ScaledCounter gaps;           // 'G'
  // Content gaps (Zeek's reassembler): the relative sequence just past the data seen
  // without a hole, the data seen past a hole (one block: [ahead_start, ahead_end), 0 when
  // none; a second hole is taken as filled), the relative end of the FIN, and the bytes the
  // peer acknowledged that never passed the sensor.
  std::uint64_t data_end = 1;
  std::uint64_t ahead_start = 0;
  std::uint64_t ahead_end = 0;
  std::uint64_t fin_end = 0;
  std::uint64_t missed_bytes = 0;

  // Data [start, end) seen.
  void data_seen(std::uint64_t start, std::uint64_t end) {
    if (start <= data_end) {
      data_end = std::max(data_end, end);
    } else {
      ahead_start = ahead_start == 0 ? start : std::min(ahead_start, start);
      ahead_end = std::max(ahead_end, end);
    }
    if (ahead_start != 0 && data_end >= ahead_start) {
      data_end = std::max(data_end, ahead_end);
      ahead_start = ahead_end = 0;
    }
  }
  // The peer acknowledged everything before `acked_end`: returns the bytes of it never seen.
  std::uint64_t acked(std::uint64_t acked_end) {
    std::uint64_t missed = 0;
    while (acked_end > data_end) {
      const std::uint64_t hole_end = ahead_start != 0 ? std::min(acked_end, ahead_start) : acked_end;
      missed += hole_end - data_end;
      data_end = hole_end;
      data_seen(data_end, data_end);  // joins the block ahead once the hole is passed
    }
    return missed;
  }

  void set_state(TcpState s) {
    if (s == state) return;
    prev_state = state;
    state = s;
  }
  void init_start_seq(std::uint32_t s) { start_seq = s; }
  void init_last_seq(std::uint32_t s) { last_seq = s; }
  void init_ack_seq(std::uint32_t s) { ack_seq = s; }
  void update_last_seq(std::uint32_t s) {
    if (s < last_seq) ++seq_wraps;
    last_seq = s;
  }
  void update_ack_seq(std::uint32_t s) {
    if (s < ack_seq) ++ack_wraps;
    ack_seq = s;
  }
  static std::uint64_t full_seq(std::uint32_t s, std::uint32_t wraps) {
    return (static_cast<std::uint64_t>(wraps) << 32) | s;
  }
  std::uint64_t to_relative(std::uint32_t s, std::uint32_t wraps) const { return full_seq(s, wraps) - start_seq; }
  bool no_data_acked() const {
    const std::uint64_t ack = full_seq(ack_seq, ack_wraps);
    return ack == start_seq || ack == static_cast<std::uint64_t>(start_seq) + 1;
  }
  bool is_active() const { return state != TcpState::inactive && state != TcpState::partial; }

  // Payload bytes from the sequence space (Zeek's TCP_Endpoint::Size).
  std::uint64_t size(const TcpEndpoint& peer) const;
};

}  // namespace gp
