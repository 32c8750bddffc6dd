// `-j N`: run_capture's one pass spread over N worker threads, with the same result.
//
// A reader thread reads frames, hashes each by its outermost IP addresses (frame_shard.hpp)
// and copies it into a chunk of a few thousand frames, split by worker. Each worker owns a
// PacketPipeline (decoder, fragments, SPAN filter, flow table) and handles its part of each
// chunk. Flows do not meet across workers except through ICMP errors, whose quoted flow may
// live elsewhere: that worker is sent the quote at the error's place in the frame order.
//
// Exactness. Every chunk carries the network time after each of its frames, so a worker fires
// each timer at the frame where one table would have (FlowTable::raise_clock, advance), not
// at the next frame it happens to own. Each worker's finished flows come out in that table's
// order; the calling thread merges the workers' lists chunk by chunk on FlowEndOrder, and at
// the end of input merges the open flows by last activity. The sink therefore sees the flows
// in the order, and with the uids, that run_capture gives — except where a per-worker cap
// bites: --max-flows is split between the workers, and the fragment and duplicate tables
// are per worker. Limits, documented in docs/performance.md: a flow carried by two different tunnel
// endpoints (both directions of a VXLAN mirror sent from two hosts) is split between their
// workers; so is a flow whose packets also arrive inside an 802.11 A-MSDU with another pair.
//
// Memory: at most 2N+2 chunks in flight, each a few MB of frames, plus the flows that end
// within one chunk (copied, for the merge).
#pragma once

#include "capture/pipeline/run_capture.hpp"

namespace gp {

CaptureSummary run_capture_sharded(PacketSource& source, const PipelineOptions& options, FlowSink& sink,
                                   unsigned workers);

}  // namespace gp
