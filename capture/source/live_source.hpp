// A live interface through libpcap (ghostport live): immediate mode, a configurable kernel
// buffer and snaplen, nanosecond timestamps when the kernel gives them, a BPF filter, and a
// wait that a signal interrupts, so the caller can run timers, summaries and shutdown
// between packets without threads.
//
// Contract: open_live_source() throws SourceError with one line that says what failed and
// what to do (no such interface: the available ones are listed; permission denied: the
// capability needed; invalid filter: libpcap's words). Frames die at the next read, as for
// files. Hot path: no allocation per packet.
#pragma once

#include <csignal>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "capture/source/packet_source.hpp"

namespace gp {

struct LiveSourceOptions {
  std::string interface;
  std::string filter;                 // BPF, empty for none
  std::uint32_t snaplen = 262'144;    // tcpdump's default: whole frames
  std::uint32_t buffer_kib = 32'768;  // kernel ring buffer (-B, KiB as in tcpdump)
  bool promiscuous = true;            // a span port delivers other hosts' frames
  // 0: immediate mode (each packet handed over as it arrives; libpcap then uses fixed-size
  // TPACKET_V2 ring slots sized from the snaplen). Above 0: packets are handed over in
  // batches at least every `batch_ms` milliseconds (TPACKET_V3 blocks of variable-size
  // frames: many more packets per buffer, far fewer wake-ups).
  int batch_ms = 0;
  // Linux AF_PACKET fanout (`live -j N`): every handle opened with the same group id shares
  // the interface's packets, each flow to one handle by the kernel's symmetric flow hash
  // (IP fragments reassembled before hashing, so a datagram's fragments stay together).
  // -1: no fanout.
  int fanout_group = -1;
};

// Counters from pcap_stats: what the kernel saw and what it could not hand over.
struct LiveStats {
  std::uint64_t received = 0;         // packets that passed the filter (ps_recv)
  std::uint64_t kernel_drops = 0;     // dropped for lack of buffer space (ps_drop)
  std::uint64_t interface_drops = 0;  // dropped by the interface or its driver (ps_ifdrop)
};

enum class LiveRead : std::uint8_t {
  frame,        // `frame` holds the next packet
  idle,         // nothing arrived within the timeout
  interrupted,  // a signal arrived (the caller checks its flags)
  link_down,    // the interface went down; the socket stays bound and capture resumes when
                // it comes back up (the kernel re-attaches it), so the caller keeps reading
  error,        // the capture failed (interface gone): see error_message()
};

// Where the captured interface stands now: up (administratively and with a carrier), down,
// or gone (removed, or replaced by a new interface of the same name, which the open socket
// never sees).
enum class LinkState : std::uint8_t { up, down, gone };

class LiveSource : public PacketSource {
 public:
  // Waits at most `timeout_ms` for a frame. While waiting, the thread's signal mask is
  // `wait_mask` (ppoll), so signals blocked elsewhere are delivered only here: no race
  // between checking a flag and going to sleep.
  virtual LiveRead next_live(RawFrame& frame, int timeout_ms, const sigset_t* wait_mask) = 0;
  // Cumulative counters since open; 64-bit even where libpcap's wrap at 2^32.
  virtual LiveStats stats() = 0;
  virtual std::uint32_t snaplen() const = 0;
  virtual const std::string& interface_name() const = 0;
  // Asks the kernel (no privileges needed); "any" and pseudo-devices (nflog) are always up.
  virtual LinkState link_state() const = 0;
  // Non-fatal notes from opening (promiscuous mode not supported, nanosecond timestamps not
  // available); empty when none.
  virtual const std::vector<std::string>& warnings() const = 0;
};

std::unique_ptr<LiveSource> open_live_source(const LiveSourceOptions& options);

// Interfaces libpcap can capture on, in its order ("any" included), with a description.
struct InterfaceInfo {
  std::string name;
  std::string description;
  bool up = false;
  bool loopback = false;
};
std::vector<InterfaceInfo> list_interfaces();

}  // namespace gp
