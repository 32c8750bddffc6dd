// The second pass of `analyze -w` (issue 10): every packet of the input, unchanged, into a
// pcapng file, each with a packet comment (opt_comment, Wireshark's frame.comment) naming its
// flow's verdict: gp_label, gp_confidence, gp_standing, gp_rules, the flow's uid and its
// conversation. Packets that belong to no flow (ARP, undecoded encapsulations, malformed
// headers, IP fragments before the one that completes the datagram) get a "no flow" comment
// saying why.
//
// How a packet finds its verdict: the first pass records, for each flow by serial (creation
// order), the conversation it was filed under (FlowRecordFile). This pass runs the same flow
// engine over the same packets, so it creates the same flows in the same order; a flow's
// record is read when its first packet arrives and its comment is kept with the flow's table
// slot while the flow lives. A flow whose serial or start time does not match its record
// means the input changed between the passes: reported, never guessed.
// The observer sees one flow per frame; a flow created by a frame that reports another (a
// tunnel's carrier, when the pipeline reports the packet inside) keeps its record aside until
// a packet of its own arrives or it ends, which is why this writer is also the second pass's
// FlowSink.
//
// Hot path: no allocation per packet (comments are built once per flow into strings that keep
// their capacity; the writer reuses one block buffer). Memory: one slot per flow-table slot
// and at most one set-aside record per live flow, bounded by --max-flows.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "annotate/flow_annotations.hpp"
#include "capture/pipeline/run_capture.hpp"
#include "report/flow_spool.hpp"
#include "report/pcapng_writer.hpp"

namespace gp::report {

// The input's interfaces as the first pass saw them: (interface id, link type) of every
// frame, in first-seen order. Bounded: an input with more than kMaxInterfaces distinct pairs
// is refused by the second pass rather than grown into.
class InterfaceCollector final : public PacketObserver {
 public:
  static constexpr std::size_t kMaxInterfaces = 4096;
  void on_packet(const RawFrame& frame, DecodeStatus, const DecodedPacket*, const Flow*) override;
  const std::vector<std::pair<std::uint32_t, int>>& interfaces() const { return seen_; }
  bool overflowed() const { return overflowed_; }

 private:
  std::vector<std::pair<std::uint32_t, int>> seen_;
  bool overflowed_ = false;
};

struct AnnotatedPcapngStats {
  std::uint64_t packets = 0;           // written
  std::uint64_t flow_packets = 0;      // with a flow's verdict
  std::uint64_t no_flow_packets = 0;   // with a "no flow" comment
  std::uint64_t unjudged_packets = 0;  // of flows whose conversation was never judged
};

class AnnotatedPcapngWriter final : public PacketObserver, public FlowSink {
 public:
  // Writes the interface blocks at once: one per (interface id, link type) the first pass
  // saw, ordered by input interface id, so a single-section input keeps its interface ids.
  AnnotatedPcapngWriter(PcapngWriter& out, const AnnotationIndex& index, FlowRecordFile& records,
                        const std::vector<std::pair<std::uint32_t, int>>& interfaces);

  void on_packet(const RawFrame& frame, DecodeStatus status, const DecodedPacket* pkt, const Flow* flow) override;
  // The second pass's flows ending: a record set aside for a flow that never showed a packet
  // of its own is dropped.
  void flow_ended(const Flow& flow, const ConnRecord& record) override;
  std::size_t set_aside() const { return pending_.size(); }

  // Empty while both passes agree; otherwise what differed, for the user.
  const std::string& error() const { return error_; }
  const AnnotatedPcapngStats& stats() const { return stats_; }
  // Flows whose records this pass has read: every flow up to the last one a packet was
  // reported with.
  std::uint64_t flows() const { return next_serial_; }

 private:
  struct Slot {
    std::uint64_t serial = UINT64_MAX;
    bool judged = false;
    std::string comment;
  };
  std::uint32_t output_interface(const RawFrame& frame);
  const Slot* slot_for(const Flow& flow);
  void mismatch(const RawFrame& frame, std::string_view what);

  PcapngWriter& out_;
  const AnnotationIndex& index_;
  FlowRecordFile& records_;
  std::vector<std::pair<std::pair<std::uint32_t, int>, std::uint32_t>> interfaces_;  // (input id, dlt) -> output id
  std::vector<Slot> slots_;
  std::unordered_map<std::uint64_t, FlowRecord> pending_;  // by serial: created, not yet seen
  std::uint64_t next_serial_ = 0;
  FlowRecord record_;
  AnnotatedPcapngStats stats_;
  std::string error_;
};

// The section header comment: what produced the file, from what, with which rules and
// registry, and how many packets/flows/conversations carry which label.
struct RunDescription {
  std::string version;  // ghostport's
  std::string input;    // the capture's path
  std::string filter;   // BPF, "" for none
  std::vector<std::string> rule_sources;
  std::string registry;                      // the registry layer's file, or what stood in for it
  std::vector<std::string> registry_layers;  // site, folklore, nmap-services files
  std::uint64_t packets = 0;                 // read by the first pass
  std::uint64_t flows = 0;
};
std::string section_comment(const RunDescription& run, const AnalysisResult& result);

}  // namespace gp::report
