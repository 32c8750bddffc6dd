// Reassembly of IPv4 and IPv6 fragments (RFC 791, RFC 8200 section 4.5) in a bounded pool.
// Datagrams are keyed by (version, src, dst, id, IPv4 protocol). Bounds, from DecoderConfig:
// datagrams in flight, bytes held, and the age of a datagram's first fragment. When a bound
// is hit the oldest datagram is evicted and counted (fragment_pool_full, fragment_timeout),
// never an unbounded allocation. Buffers are kept and reused, so steady state allocates
// nothing; memory stays below about twice max_fragment_bytes plus ~3 KB per datagram slot.
// A completed datagram's bytes stay valid until release_completed() (the next decode call);
// a frame can complete several (an outer datagram, then one in the tunnel it carries).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "capture/decode/counters.hpp"
#include "capture/decode/decoder.hpp"
#include "common/ip_address.hpp"

namespace gp {

struct FragmentKey {
  IpAddress src;
  IpAddress dst;
  std::uint32_t id = 0;
  std::uint8_t protocol = 0;  // IPv4 only: RFC 791 keys fragments on it; 0 for IPv6
  std::uint8_t version = 0;
  friend bool operator==(const FragmentKey&, const FragmentKey&) = default;
};

struct Fragment {
  FragmentKey key;
  TimeNs ts = 0;
  std::uint32_t offset = 0;            // bytes into the datagram's payload
  bool more = false;                   // MF / M flag
  std::span<const std::uint8_t> data;  // the fragment's payload, fully captured
  // What the reassembled packet's header is made of; taken from the offset-0 fragment.
  std::uint32_t header_len = 0;  // IPv4 header, or IPv6 40 + unfragmentable extension headers
  std::uint8_t ttl = 0;
  bool dont_fragment = false;
  std::uint8_t next_header = 0;  // IPv4 protocol / the IPv6 fragment header's next header
};

struct Reassembled {
  std::span<const std::uint8_t> payload;
  std::uint32_t header_len = 0;
  std::uint8_t ttl = 0;
  bool dont_fragment = false;
  std::uint8_t next_header = 0;
};

enum class FragmentResult : std::uint8_t { pending, complete, dropped };

class FragmentReassembler {
 public:
  explicit FragmentReassembler(const DecoderConfig& config) : config_(config) { completed_.reserve(4); }

  FragmentResult add(const Fragment& fragment, DecodeCounters& counters, Reassembled& out);
  void release_completed();

  std::size_t datagrams_in_flight() const { return live_; }
  std::size_t bytes_held() const { return bytes_held_; }

  // Largest datagram payload: the 16-bit length fields of both IP versions bound it.
  static constexpr std::uint32_t kMaxPayload = 65535;

 private:
  struct Slot {
    bool in_use = false;
    bool completed = false;
    FragmentKey key;
    TimeNs first_ts = 0;
    std::uint64_t order = 0;
    std::vector<std::uint8_t> data;
    std::vector<std::uint64_t> blocks;  // one bit per 8-byte block received
    std::uint32_t total = 0;            // payload length, known once the last fragment came
    bool have_last = false;
    bool have_first = false;
    Reassembled head;
  };

  Slot* find(const FragmentKey& key);
  Slot* allocate(const Fragment& fragment, DecodeCounters& counters);
  bool evict_oldest(const Slot* keep);
  void free_slot(Slot& slot);
  void expire(TimeNs now, DecodeCounters& counters);
  static bool complete(const Slot& slot);

  DecoderConfig config_;
  std::vector<Slot> slots_;
  std::size_t live_ = 0;
  std::size_t bytes_held_ = 0;
  std::uint64_t next_order_ = 0;
  std::vector<std::size_t> completed_;  // the slots whose bytes this frame's decoding handed out
};

}  // namespace gp
