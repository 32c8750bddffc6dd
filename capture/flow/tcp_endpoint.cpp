#include "capture/flow/tcp_endpoint.hpp"

namespace gp {

std::uint64_t TcpEndpoint::size(const TcpEndpoint& peer) const {
  // A half-open connection discovered and aborted: its sequence numbers say nothing about
  // data, and the endpoint never had a chance to send any.
  if (prev_state == TcpState::syn_sent && state == TcpState::reset && peer.state == TcpState::inactive &&
      !no_data_acked()) {
    return 0;
  }
  const std::uint64_t last64 = full_seq(last_seq, seq_wraps);
  const std::uint64_t ack64 = full_seq(ack_seq, ack_wraps);
  std::uint64_t size = (last64 > ack64 ? last64 : ack64) - start_seq;
  if (size != 0) --size;                   // the SYN octet (or its stand-in for partial conns)
  if (fin_count > 0 && size != 0) --size;  // the FIN octet
  return size;
}

}  // namespace gp
