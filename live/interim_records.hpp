// Interim records of long-lived flows (live --interim): a flow open for a whole interval gets
// a record of its counts so far, then one per further interval, however often the open flows
// are looked at. One rule for the single-threaded run and for each -j worker.
#pragma once

#include <cstdint>
#include <functional>

#include "capture/flow/flow_table.hpp"

namespace gp::live {

// Calls `due` for every open flow that at capture time `now` has lasted a multiple of `every`
// it had not yet lasted at the previous look (`before`), with that multiple (1, 2, …).
void for_each_interim_due(const FlowTable& flows, TimeNs before, TimeNs now, TimeNs every,
                          const std::function<void(const Flow& flow, std::uint64_t nth)>& due);

}  // namespace gp::live
