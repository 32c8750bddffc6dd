// Zeek's connection timers, by kind, and the durations it uses by default
// (base/init-bare.zeek). The flow table runs them; the TCP tracker asks for them.
#pragma once

#include <cstdint>

#include "common/time.hpp"

namespace gp {

enum class TimerKind : std::uint8_t {
  inactivity,   // Connection::InactivityTimer
  tcp_attempt,  // TCPSessionAdapter::AttemptTimer: SYN without answer
  tcp_expire,   // TCPSessionAdapter::ExpireTimer: half-closed / idle handshake
  tcp_delete,   // after a complete close (tcp_close_delay)
  tcp_reset,    // RST after FIN (tcp_reset_delay)
  dns_expire,   // DNS_Analyzer::ExpireTimer: a UDP DNS session idle for dns_session_timeout
};

inline constexpr TimeNs kSecond = 1'000'000'000;

struct FlowTimeouts {
  TimeNs tcp_inactivity = 300 * kSecond;   // tcp_inactivity_timeout
  TimeNs udp_inactivity = 60 * kSecond;    // udp_inactivity_timeout
  TimeNs icmp_inactivity = 60 * kSecond;   // icmp_inactivity_timeout
  TimeNs other_inactivity = 60 * kSecond;  // unknown_ip_inactivity_timeout
  TimeNs tcp_attempt_delay = 5 * kSecond;  // tcp_attempt_delay
  TimeNs tcp_syn_timeout = 5 * kSecond;    // tcp_SYN_timeout
  TimeNs tcp_session_timer = 6 * kSecond;  // tcp_session_timer
  TimeNs tcp_connection_linger = 5 * kSecond;
  TimeNs tcp_close_delay = 5 * kSecond;
  TimeNs tcp_reset_delay = 5 * kSecond;
  TimeNs dns_session_timeout = 10 * kSecond;
};

struct Flow;

// What the TCP tracker needs from whoever runs the timers.
class TimerScheduler {
 public:
  virtual void schedule(Flow& flow, TimerKind kind, TimeNs at) = 0;
  // Cancels the analyzer timers (everything but inactivity), like Analyzer::CancelTimers.
  virtual void cancel_tcp_timers(Flow& flow) = 0;
  // The connection's inactivity timeout changed (Connection::SetInactivityTimeout).
  virtual void set_inactivity_timeout(Flow& flow, TimeNs timeout) = 0;

 protected:
  ~TimerScheduler() = default;
};

}  // namespace gp
