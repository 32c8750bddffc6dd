// The one pass every command shares: read frames from a source, decode them (tunnels
// opened, SPAN duplicates counted or dropped), feed the flow table, and account for
// everything that was not an IP packet. Ends on the clean end of the input or where a
// truncated/corrupt input stops, with every flow flushed.
#pragma once

#include <cstdint>
#include <string>

#include "capture/decode/counters.hpp"
#include "capture/decode/decoder.hpp"
#include "capture/flow/flow_table.hpp"
#include "capture/pipeline/packet_pipeline.hpp"
#include "capture/source/packet_source.hpp"

namespace gp {

// Optional per-packet hook for stages that need more than flows (features, annotations),
// called after the flow table has seen the packet. `pkt` is null unless the frame decoded
// to an IP packet (`status` says why not); `flow` is the flow the packet was assigned to,
// null exactly when `pkt` is. Both die when the call returns. Once per frame: for a frame
// that carries a tunnel, the innermost packet decoded and its flow (packet_pipeline.hpp).
class PacketObserver {
 public:
  virtual ~PacketObserver() = default;
  virtual void on_packet(const RawFrame& frame, DecodeStatus status, const DecodedPacket* pkt, const Flow* flow) = 0;
};

struct PipelineOptions {
  DecoderConfig decoder;
  FlowTableConfig flows;
  // Worker threads (`-j N`, sharded_capture.hpp); 1 runs everything on the calling thread
  // (unless read_ahead). A per-packet observer needs the one thread: with one, run_capture
  // uses a single worker.
  unsigned workers = 1;
  // With one worker: read the input on a thread of its own all the same, so reading (a third
  // of the time) overlaps the flow engine and, on the calling thread, the sink. The result is
  // the same as on one thread, caps included: the one worker has the whole --max-flows.
  bool read_ahead = false;
};

struct CaptureSummary {
  std::uint64_t frames = 0;
  std::uint64_t bytes = 0;  // captured bytes
  DecodeCounters decode;
  FlowTableStats flows;
  ReadStatus end = ReadStatus::end;
  std::string error;  // where and why reading stopped early
  TimeNs first_ts = 0;
  TimeNs last_ts = 0;
  unsigned workers = 1;                  // threads the flows were tracked on (-j)
  std::uint64_t clamped_timestamps = 0;  // frames whose time was outside 1970..2106
  std::size_t independent_files = 0;     // --parallel-files: files read as captures of their own
};

// True when copies of packets were seen but kept (--dedup off): the counts are doubled.
// (decode.duplicates says it for any DecodeCounters, PacketPipeline::decode_counters() too.)
inline bool duplicates_kept(const CaptureSummary& s) { return s.decode.duplicates.kept(); }

CaptureSummary run_capture(PacketSource& source, const PipelineOptions& options, FlowSink& sink,
                           PacketObserver* observer = nullptr);

// Reads the next frame and counts it in `summary` (frames, bytes, first and last time); at the
// end of the input records how it ended (`end`, and `error` when early). False then.
bool read_counted(PacketSource& source, RawFrame& frame, CaptureSummary& summary);

// Human summary for stderr: packets, bytes, flows, anomalies by name, undecoded by name,
// evictions, tunnels opened, SPAN duplicates dropped, or a warning when they were kept.
std::string format_summary(const CaptureSummary& summary);

// A duration as the --dedup option takes it: "1ms", "250us", "2s", "1.5ms".
std::string format_window(TimeNs window);

}  // namespace gp
