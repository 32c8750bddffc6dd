// Shared by the decoder tests: decode frame N of a Zeek test trace with a fresh Decoder.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "capture/decode/decoder.hpp"
#include "tests/unit/capture/decode/trace.hpp"

namespace gp::test {

// Owns the trace and the decoder, so the packet's spans (into the frame or the
// reassembler's buffer) stay valid as long as the result lives.
struct Decoded {
  std::shared_ptr<const Trace> trace;
  std::shared_ptr<Decoder> decoder;
  DecodeStatus status = DecodeStatus::undecoded;
  DecodedPacket packet;
  DecodeCounters counters;
  std::string src;
  std::string dst;
};

// Decodes frames 1..number of the trace (so fragments before it are seen) and keeps the last.
inline Decoded decode_frame(const std::string& trace_name, std::size_t number, const DecoderConfig& config = {}) {
  Decoded r;
  r.trace = std::make_shared<const Trace>(read_trace(zeek_trace(trace_name)));
  r.decoder = std::make_shared<Decoder>(config);
  r.status = decode_upto(*r.decoder, *r.trace, number, r.packet);
  r.counters = r.decoder->counters();
  r.src = r.packet.src.to_string();
  r.dst = r.packet.dst.to_string();
  return r;
}

// Decodes the whole trace and returns the counters.
inline DecodeCounters decode_all(const std::string& path, const DecoderConfig& config = {}) {
  const Trace t = read_trace(path);
  Decoder d(config);
  DecodedPacket p;
  for (std::size_t i = 1; i <= t.size(); ++i) d.decode(t.frame(i), p);
  return d.counters();
}

}  // namespace gp::test
