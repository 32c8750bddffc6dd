// Decoder: one frame in, a DecodedPacket out. Link layers, IP and transport decoders are
// chosen from one dispatch table; malformed input is counted under a named Anomaly and
// undecodable layers are counted by what they were, never silently dropped.
// Hot path: no heap allocation per packet (the fragment reassembler owns a bounded pool).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

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
  duplicate,         // a copy of an IP packet seen within the --dedup window: counted, dropped
  no_transport,      // IP with nothing above it (IPv6 No Next Header, Teredo bubbles): no flow, as in Zeek
  // Only from decapsulate():
  not_tunnel,  // the payload is not the tunnel its port promised (Zeek's analyzer violation)
  no_inner,    // a tunnel message that carries no packet (GTP signalling, AYIYA keepalives)
  too_deep,    // tunnels nested deeper than DecoderConfig::max_tunnel_depth: counted
};

// The subframes of an 802.11 A-MSDU left after the first: one frame, several IP packets.
// Taken from the decoder right after decode()/decapsulate(), handed back one at a time.
// Its span dies with the frame, at the next decode() call.
struct Subframes {
  std::span<const std::uint8_t> rest;
  TimeNs ts = 0;
  std::uint64_t number = 0;
  std::uint8_t tunnel_depth = 0;
  TunnelType tunnel = TunnelType::none;
  bool empty() const { return rest.empty(); }
};

struct DecoderConfig {
  std::size_t max_fragment_bytes = 16 * 1024 * 1024;  // reassembly pool cap
  std::size_t max_fragment_datagrams = 4096;          // datagrams in flight
  TimeNs fragment_timeout = 30'000'000'000;           // Zeek's frag_timeout default is off; 30 s
  // What follows an MPLS stack when it is not IP: Ethernet pseudowire (RFC 4448, with or
  // without the control word) when true, otherwise counted as undecoded.
  bool mpls_pseudowire_ethernet = false;
  // Verify TCP and UDP checksums (Zeek's default; `zeek -C` and ghostport's default skip
  // it): a bad one is marked on the packet, which the flow table then only counts as 'C'.
  bool verify_checksums = false;
  // Tunnels inside tunnels are opened up to this depth (Zeek's Tunnel::max_depth, 2).
  int max_tunnel_depth = 2;
  // SPAN duplicates: a copy of an IP packet seen again within dedup_window is dropped and
  // counted (--dedup); 0 keeps every copy and only counts those within duplicate_watch_window,
  // so a summary can say that duplicates are there. dedup_slots bounds the memory of recent
  // packets (16 bytes each, whatever the traffic). Only watching uses at most
  // duplicate_watch_slots (128 KB, which stays in a core's cache; a cache miss per packet
  // was 4 % of a whole analyze run): the 1 ms window of about 500,000 packets/s fits.
  TimeNs dedup_window = 0;
  TimeNs duplicate_watch_window = 1'000'000;  // 1 ms
  std::size_t dedup_slots = 1U << 16;
  std::size_t duplicate_watch_slots = 1U << 13;
};

class Decoder {
 public:
  explicit Decoder(const DecoderConfig& config = {});
  ~Decoder();
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;

  DecodeStatus decode(const RawFrame& frame, DecodedPacket& out);

  // Opens the tunnel `type` that `outer` (a packet from decode() or from an earlier
  // decapsulate()) carries in its payload, into `inner`: ok with the inner IP packet (its
  // tunnel_depth one more), or why not, counted under `type` in counters().tunnels and as
  // an anomaly when broken. `outer`'s spans stay valid until the next decode() call.
  DecodeStatus decapsulate(const DecodedPacket& outer, TunnelType type, DecodedPacket& inner);

  // 802.11 A-MSDU: the subframes after the packet the last decode()/decapsulate() returned
  // (empty when it was no aggregate), and the next of them decoded into `out` (its tunnel
  // depth that of the first), `sub` advanced past it.
  Subframes take_subframes();
  DecodeStatus next_subframe(Subframes& sub, DecodedPacket& out);

  const DecodeCounters& counters() const { return counters_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  DecodeCounters counters_;
};

}  // namespace gp
