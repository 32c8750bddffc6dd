// conn_state as a pure function of a flow's final state, following Zeek's
// base/protocols/conn/main.zeek conn_state() line by line.
#pragma once

#include "capture/flow/conn_record.hpp"
#include "capture/flow/flow.hpp"

namespace gp {

ConnState compute_conn_state(const Flow& flow);

// Zeek's /\^?S[^HAFGIQ]*R.*/ on the history: a SYN answered by nothing but our own RST.
bool history_is_syn_then_own_rst(std::string_view history);

}  // namespace gp
