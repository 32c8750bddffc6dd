// Fuzz target: raw frames straight into the per-frame pipeline (Decoder::decode, the flow
// table, then every tunnel the packet carries, A-MSDU subframes and the SPAN duplicate
// filter), and into the -j sharder (FrameSharder: the link layers again, addresses only,
// ICMP quotes), for every link type the dispatch table knows, with a small flow table. libpcap
// never sees these bytes, so frames can be any length, shorter than any header.
//
// Input: byte 0 picks the link type; the rest is a sequence of frames, each a 2-byte
// big-endian length and that many bytes (the last frame takes what is left), so one input
// can carry fragments that a later frame completes.
#include <cstddef>
#include <cstdint>

#include "capture/decode/frame_shard.hpp"
#include "capture/pipeline/run_capture.hpp"
#include "tests/fuzz/fuzz_link_types.hpp"

namespace {

struct NullSink final : gp::FlowSink {
  void flow_ended(const gp::Flow&, const gp::ConnRecord&) override {}
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const int link_type = gp::fuzz::kLinkTypes[(data[0] & 0x7f) % gp::fuzz::kLinkTypes.size()];
  gp::PipelineOptions options;
  gp::DecoderConfig& dc = options.decoder;
  dc.max_fragment_datagrams = 4;
  dc.max_fragment_bytes = 64 * 1024;
  dc.mpls_pseudowire_ethernet = (data[0] & 0x80) != 0;
  // Both sides of the duplicate filter and of checksum verification, and its table small
  // enough to fill.
  dc.dedup_window = size % 2 == 0 ? 1'000'000'000 : 0;
  dc.verify_checksums = size % 3 == 0;
  dc.dedup_slots = 16;
  options.flows.max_flows = 8;
  NullSink sink;
  gp::PacketPipeline pipeline(options, sink);
  gp::FrameSharder sharder;

  std::size_t pos = 1;
  std::uint64_t number = 0;
  while (pos < size) {
    std::size_t len = size - pos;
    if (len >= 2) {
      const std::size_t declared = static_cast<std::size_t>(data[pos] << 8 | data[pos + 1]);
      if (declared <= len - 2) {
        pos += 2;
        len = declared;
      }
    }
    gp::RawFrame frame;
    frame.bytes = {data + pos, len};
    frame.wire_len = static_cast<std::uint32_t>(len);
    frame.link_type = link_type;
    frame.number = ++number;
    frame.ts = static_cast<gp::TimeNs>(number) * 1'000'000'000;  // a second apart: timers fire
    const gp::FrameShard shard = sharder.classify(frame);
    pipeline.process(frame, shard.quote.present && (shard.quote_hash & 1) != 0);
    pos += len;
  }
  pipeline.finish();
  return 0;
}
