// One frame through the decoder and the flow table, tunnels opened. The frame's IP packet
// goes to its flow first; then, while that packet carries a tunnel (by IP protocol, or by
// its UDP flow's responder port or payload, tunnel.hpp), the packet inside goes to its own
// flow with the carrier's uid as tunnel parent, down to DecoderConfig::max_tunnel_depth.
// That is Zeek's order: the outer connection counts the packet, then the inner one does.
// A tunnel header that proves wrong marks the carrying UDP flow so it is not tried again.
// The observer hears once per frame, after all of it went through the flow table, with the
// innermost packet decoded and its flow (the frame's own IP packet when it carries no
// tunnel, or when the tunnel's packet could not be decoded).
// An 802.11 A-MSDU (one frame, several packets; Aruba sends them in GRE) gives each of its
// packets the same treatment, at the level where it appears.
// Hot path: no allocation per packet; one packet buffer per tunnel level.
#pragma once

#include <vector>

#include "capture/decode/decoder.hpp"
#include "capture/flow/flow_table.hpp"
#include "capture/source/raw_frame.hpp"

namespace gp {

class PacketObserver;  // capture/pipeline/run_capture.hpp
struct PipelineOptions;

class PacketPipeline {
 public:
  PacketPipeline(const PipelineOptions& options, FlowSink& sink, PacketObserver* observer = nullptr);

  // `quote_elsewhere`: the frame is an ICMP error whose quoted flow another worker's table
  // holds (frame_shard.hpp); that table is told with note_icmp_quote(), this one does not look.
  void process(const RawFrame& frame, bool quote_elsewhere = false);
  void advance(TimeNs now) { table_.advance(now); }  // timers, when no frame arrives
  void advance(TimeNs now, std::uint64_t frame) { table_.advance(now, frame); }
  void raise_clock(TimeNs now) { table_.raise_clock(now); }
  void note_icmp_quote(const IcmpQuote& quote, std::uint64_t frame, TimeNs ts) {
    table_.note_icmp_quote(quote, frame, ts);
  }
  void send_quote_misses(IcmpQuoteMisses* misses) { table_.send_quote_misses(misses); }
  bool match_icmp_quote(const IcmpQuote& quote) { return table_.match_icmp_quote(quote); }
  void finish() { table_.flush(); }                  // ends every flow still open
  bool end_oldest() { return table_.end_oldest(); }  // finish() one flow at a time

  const DecodeCounters& decode_counters() const { return decoder_.counters(); }
  const FlowTableStats& flow_stats() const { return table_.stats(); }
  const FlowTable& flows() const { return table_; }  // open flows, for interim records

 private:
  void handle(std::size_t level, const UidDigest* parent, bool note_quote = true);
  TunnelType carried_tunnel(const DecodedPacket& pkt, FlowRef ref) const;

  Decoder decoder_;
  FlowTable table_;
  PacketObserver* observer_;
  // One packet buffer per tunnel level (0: the frame's own), sized once from the depth limit.
  std::vector<DecodedPacket> levels_;
  DecodedPacket scratch_;  // where a tunnel nested past the levels is refused
  // What the observer is told about: the first packet at the deepest level this frame reached.
  DecodedPacket observed_;
  FlowRef observed_flow_;
  int observed_level_ = -1;
};

}  // namespace gp
