// A conversation: every flow from one client to one service (server address, port,
// transport) — the unit ghostport labels. Its statistics are fixed-size except the list
// of connection start times, which is capped (kMaxStarts) so memory stays bounded. Stats
// merge (several sensors' summaries of the same traffic) into what one pass would give.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <utility>
#include <vector>

#include <absl/container/inlined_vector.h>

#include "common/ip_address.hpp"
#include "capture/flow/conn_record.hpp"
#include "capture/flow/flow.hpp"
#include "classify/features/orientation.hpp"

namespace gp {

inline constexpr std::size_t kProtocolCount = 27;  // size of protocol_vocabulary()

struct ConversationKey {
  IpAddress client;
  IpAddress server;
  std::uint16_t port = 0;
  std::uint8_t ip_proto = 0;
  friend bool operator==(const ConversationKey&, const ConversationKey&) = default;
};

struct ConversationKeyHash {
  std::size_t operator()(const ConversationKey& k) const;
};

// What one flow contributes, decided once at flow end.
struct FlowOutcome {
  bool completed = false;    // became a session
  bool answered = false;     // the server sent anything
  bool rejected = false;     // refused (RST to the SYN, ICMP unreachable)
  bool client_data = false;  // the client sent payload
  bool unsolicited = false;  // backscatter
  std::uint64_t client_bytes = 0;
  std::uint64_t server_bytes = 0;
  std::uint8_t client_protocol = 0;  // index into protocol_vocabulary()
  std::uint8_t server_protocol = 0;
  float client_entropy = -1.0F;  // of the client's first payload, -1 none
  std::uint32_t client_entropy_sample = 0;
  std::uint64_t client_packets = 0;
  std::uint64_t server_packets = 0;
  // The client held a session: it sent data on an accepted connection, more than a probe's
  // worth (20+ packets, 4 KiB+, or 30 s+ of data both ways; UDP: 2+ packets each way).
  // Scans, banner grabs and version probes (Nmap -sV's TLS probes: ~12 packets, 750 B)
  // are not sessions.
  bool session = false;
  bool data_exchange = false;  // a completed connection with payload both ways
  bool midstream = false;      // TCP, and the capture saw no SYN from either side
  bool one_sided = false;      // only one direction captured, though the other must exist
};

// Whether a payload's entropy, measured over `sample` bytes, is what random bytes give.
bool looks_random(float entropy, std::uint32_t sample);

FlowOutcome flow_outcome(const Flow& flow, const ConnRecord& record, const Orientation& o, std::uint8_t client_protocol,
                         std::uint8_t server_protocol);

// A TCP connection the capture ended in the middle of (a long-lived one, or one that was
// just busy): flushed at the end of the input while established and not closed — Zeek's S1,
// S2 or S3, or picked up mid-stream (OTH) with data and no FIN or RST. An attempt still
// waiting for its timer is not open; UDP and other transports have no close, only a
// timeout, so they never count.
bool open_at_end(const ConnRecord& record);

// Flows per identified protocol (an index into protocol_vocabulary()) on one side of a
// conversation. Nearly every conversation shows one protocol: its count lives in the entry
// itself (16 bytes, where an array over the vocabulary took 108, and a small vector 24);
// a second protocol moves them all to the heap.
class ProtocolCounts {
 public:
  using Entry = std::pair<std::uint8_t, std::uint32_t>;  // protocol, flows

  ProtocolCounts() = default;
  ProtocolCounts(const ProtocolCounts& other);
  ProtocolCounts& operator=(const ProtocolCounts& other);
  ProtocolCounts(ProtocolCounts&&) noexcept = default;
  ProtocolCounts& operator=(ProtocolCounts&&) noexcept = default;
  ~ProtocolCounts() = default;

  void add(std::uint8_t protocol, std::uint32_t flows = 1);
  void merge(const ProtocolCounts& other);
  std::uint32_t operator[](std::size_t protocol) const;
  // The protocols seen, ascending, each with its flows (never 0).
  const Entry* begin() const { return more_ ? more_->data() : &one_; }
  const Entry* end() const { return more_ ? more_->data() + more_->size() : &one_ + (one_.second == 0 ? 0 : 1); }
  friend bool operator==(const ProtocolCounts& a, const ProtocolCounts& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }

 private:
  Entry one_{0, 0};                           // the only protocol, while more_ is null (flows 0: none)
  std::unique_ptr<std::vector<Entry>> more_;  // two or more, ascending by protocol
};

struct ConversationStats {
  static constexpr std::size_t kMaxStarts = 256;
  // Most conversations are a probe or two: their start times live in the entry itself, and
  // only a conversation of three or more flows allocates.
  using StartTimes = absl::InlinedVector<TimeNs, 2>;

  std::uint32_t flows = 0;
  std::uint32_t completed = 0;
  std::uint32_t answered = 0;
  std::uint32_t rejected = 0;
  std::uint32_t unanswered = 0;  // no packet back and no ICMP error either
  std::uint32_t client_data = 0;
  std::uint32_t unsolicited = 0;
  std::uint32_t open_at_end = 0;     // still open when the capture ended (open_at_end())
  std::uint32_t sessions = 0;        // flows where the client held a session (FlowOutcome::session)
  std::uint32_t data_exchanges = 0;  // completed flows with payload both ways
  std::uint32_t midstream = 0;       // TCP flows whose opening the capture missed
  std::uint32_t one_sided = 0;       // flows captured in one direction only
  // Flows whose client (or service) found the model's client (service) table full: the
  // conversation is judged without those statistics, and its verdict says so. Not in the
  // summary codec: a collector's model has no such caps. 31 bits (two billion flows), each
  // sharing its word with a flag below.
  std::uint32_t client_table_full : 31 = 0;
  // Whether its client's and its service's entries count it (ClientStats::conversations).
  // Not merged, not in the summary codec: a model's own bookkeeping.
  std::uint32_t counted_by_client : 1 = 0;
  std::uint32_t service_table_full : 31 = 0;
  std::uint32_t counted_by_service : 1 = 0;
  std::uint64_t client_packets = 0;
  std::uint64_t server_packets = 0;
  // Start of the earliest answered flow that was no session (a probe the port answered),
  // and of the earliest session; kNoTime when there is none.
  static constexpr TimeNs kNoTime = std::numeric_limits<TimeNs>::max();
  TimeNs first_answered_probe = kNoTime;
  TimeNs first_session = kNoTime;
  std::uint64_t client_bytes = 0;
  std::uint64_t server_bytes = 0;
  std::uint64_t max_flow_client_bytes = 0;
  std::uint64_t duration_ns_sum = 0;  // exact, so merged sums equal one pass's
  double duration_max = 0.0;
  TimeNs first_start = 0;
  TimeNs last_end = 0;
  ProtocolCounts client_protocols;
  ProtocolCounts server_protocols;
  double entropy_sum = 0.0;
  std::uint32_t entropy_samples = 0;
  std::uint32_t high_entropy = 0;
  // The kMaxStarts earliest connection start times, ascending: the same set whatever order
  // flows end or summaries merge in.
  StartTimes starts;

  void add(const ConnRecord& record, const FlowOutcome& outcome);
  // Adds the flows `other` counted, as if add() had seen them too (other.starts ascending).
  void merge(const ConversationStats& other);
  // Keeps `start` if it is among the kMaxStarts earliest.
  void add_start(TimeNs start);
};
// The model holds up to --max-conversations of these, each in a node beside its 36-byte key:
// at 216 bytes a node is 256, mimalloc's size class below 320 (12.8 MB at the default cap).
static_assert(sizeof(ConversationStats) <= 216, "a conversation's node would leave the 256-byte size class");

}  // namespace gp
