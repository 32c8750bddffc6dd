#include "live/interim_records.hpp"

namespace gp::live {

void for_each_interim_due(const FlowTable& flows, TimeNs before, TimeNs now, TimeNs every,
                          const std::function<void(const Flow& flow, std::uint64_t nth)>& due) {
  if (every <= 0) return;
  flows.for_each_open([&](const Flow& flow) {
    if (now - flow.start < every) return;
    const TimeNs n_now = (now - flow.start) / every;
    const TimeNs n_before = before > flow.start ? (before - flow.start) / every : 0;
    if (n_now > n_before) due(flow, static_cast<std::uint64_t>(n_now));
  });
}

}  // namespace gp::live
