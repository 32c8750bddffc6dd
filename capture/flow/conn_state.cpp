#include "capture/flow/conn_state.hpp"

#include <array>

namespace gp {
namespace {
constexpr std::array<std::string_view, 13> kNames{"S0",   "S1",     "SF",    "REJ", "S2",  "S3", "RSTO",
                                                  "RSTR", "RSTOS0", "RSTRH", "SH",  "SHR", "OTH"};
constexpr std::array<std::string_view, 3> kEndNames{"inactivity_timeout", "evicted", "end_of_input"};
}  // namespace

std::string_view to_string(ConnState s) { return kNames[static_cast<std::size_t>(s)]; }

std::optional<ConnState> parse_conn_state(std::string_view text) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == text) return static_cast<ConnState>(i);
  }
  return std::nullopt;
}

std::string_view to_string(FlowEnd e) { return kEndNames[static_cast<std::size_t>(e)]; }

bool history_is_syn_then_own_rst(std::string_view h) {
  std::size_t i = 0;
  if (i < h.size() && h[i] == '^') ++i;
  if (i >= h.size() || h[i] != 'S') return false;
  for (++i; i < h.size(); ++i) {
    const char c = h[i];
    if (c == 'R') return true;
    if (c == 'H' || c == 'A' || c == 'F' || c == 'G' || c == 'I' || c == 'Q') return false;
  }
  return false;
}

ConnState compute_conn_state(const Flow& flow) {
  if (flow.protocol == 17) {  // UDP: active means data was delivered from that side
    if (flow.orig_seen_data) return flow.resp_seen_data ? ConnState::SF : ConnState::S0;
    return flow.resp_seen_data ? ConnState::SHR : ConnState::OTH;
  }
  if (flow.protocol != 6) return ConnState::OTH;

  const TcpEndpoint& o = flow.orig_ep();
  const TcpEndpoint& r = flow.resp_ep();
  const TcpState os = o.state;
  const TcpState rs = r.state;
  const bool o_inactive = os == TcpState::inactive || os == TcpState::partial;
  const bool r_inactive = rs == TcpState::inactive || rs == TcpState::partial;

  if (rs == TcpState::reset) {
    if (os == TcpState::syn_sent || os == TcpState::syn_ack_sent ||
        (os == TcpState::reset && o.size(r) == 0 && r.size(o) == 0)) {
      return ConnState::REJ;
    }
    return o_inactive ? ConnState::RSTRH : ConnState::RSTR;
  }
  if (os == TcpState::reset) {
    if (r_inactive) return history_is_syn_then_own_rst(flow.history.letters()) ? ConnState::RSTOS0 : ConnState::OTH;
    return ConnState::RSTO;
  }
  if (rs == TcpState::closed && os == TcpState::closed) return ConnState::SF;
  if (os == TcpState::closed) return r_inactive ? ConnState::SH : ConnState::S2;
  if (rs == TcpState::closed) return o_inactive ? ConnState::SHR : ConnState::S3;
  if (os == TcpState::syn_sent && rs == TcpState::inactive) return ConnState::S0;
  if (os == TcpState::established && rs == TcpState::established) return ConnState::S1;
  return ConnState::OTH;
}

}  // namespace gp
