// Fuzz target: raw frames straight into Decoder::decode, for every link type the dispatch
// table knows, then into a small flow table. libpcap never sees these bytes, so frames can
// be any length, shorter than any header.
//
// Input: byte 0 picks the link type; the rest is a sequence of frames, each a 2-byte
// big-endian length and that many bytes (the last frame takes what is left), so one input
// can carry fragments that a later frame completes.
#include <cstddef>
#include <cstdint>

#include "capture/decode/decoder.hpp"
#include "capture/flow/flow_table.hpp"
#include "tests/fuzz/fuzz_link_types.hpp"

namespace {

struct NullSink final : gp::FlowSink {
  void flow_ended(const gp::Flow&, const gp::ConnRecord&) override {}
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const int link_type = gp::fuzz::kLinkTypes[(data[0] & 0x7f) % gp::fuzz::kLinkTypes.size()];
  gp::DecoderConfig dc;
  dc.max_fragment_datagrams = 4;
  dc.max_fragment_bytes = 64 * 1024;
  dc.mpls_pseudowire_ethernet = (data[0] & 0x80) != 0;
  gp::Decoder decoder(dc);
  NullSink sink;
  gp::FlowTableConfig fc;
  fc.max_flows = 8;
  gp::FlowTable table(fc, sink);

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
    gp::DecodedPacket pkt;
    if (decoder.decode(frame, pkt) == gp::DecodeStatus::ok) table.process(pkt);
    pos += len;
  }
  table.flush();
  return 0;
}
