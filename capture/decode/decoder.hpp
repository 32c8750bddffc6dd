// Decoder: one frame in, a DecodedPacket out. Link layers, IP and transport decoders are
// chosen from one dispatch table; malformed input is counted under a named Anomaly and
// undecodable layers are counted by what they were, never silently dropped.
// Hot path: no heap allocation per packet (the fragment reassembler owns a bounded pool).
#pragma once

#include <cstdint>
#include <memory>

#include "capture/decode/counters.hpp"
#include "capture/decode/decoded_packet.hpp"
#include "capture/source/raw_frame.hpp"

namespace gp {

enum class DecodeStatus : std::uint8_t {
  ok,                // `out` holds an IP packet (possibly a reassembled datagram)
  not_ip,            // a well-formed frame that carries no IP (ARP, LLDP, …): counted
  undecoded,         // a link type / encapsulation we do not decode: counted by name
  malformed,         // truncated or invalid headers: counted under an Anomaly
  fragment_pending,  // an IP fragment held until its datagram is complete
};

struct DecoderConfig {
  std::size_t max_fragment_bytes = 16 * 1024 * 1024;  // reassembly pool cap
  std::size_t max_fragment_datagrams = 4096;          // datagrams in flight
  TimeNs fragment_timeout = 30'000'000'000;           // Zeek's frag_timeout default is off; 30 s
  // What follows an MPLS stack when it is not IP: Ethernet pseudowire (RFC 4448, with or
  // without the control word) when true, otherwise counted as undecoded.
  bool mpls_pseudowire_ethernet = false;
};

class Decoder {
 public:
  explicit Decoder(const DecoderConfig& config = {});
  ~Decoder();
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;

  DecodeStatus decode(const RawFrame& frame, DecodedPacket& out);

  const DecodeCounters& counters() const { return counters_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  DecodeCounters counters_;
};

}  // namespace gp
