// Scan then session: a source that scanned, and later held a session with data on a port
// that had answered one of its probes (a shell, an upload, an exploit). The finding analyze
// and scan-report list as "scans followed by sessions"; the rule
// suspicious_scan_then_session labels the same conversations through the feature
// scan_then_session.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "classify/features/conversation_features.hpp"
#include "classify/features/traffic_model.hpp"

namespace gp {

struct ScanChain {
  IpAddress client;
  IpAddress server;
  std::uint16_t port = 0;
  std::uint8_t ip_proto = 0;
  std::uint64_t scanned_ports = 0;  // distinct ports the client touched (all hosts)
  std::uint64_t scanned_hosts = 0;
  std::uint64_t open_ports = 0;    // distinct ports that accepted or answered it
  std::uint64_t client_bytes = 0;  // in the conversation, probes included
  std::uint64_t server_bytes = 0;
  std::uint32_t sessions = 0;
  TimeNs first_probe_answered = 0;
  TimeNs first_session = 0;

  // "scanned 2,200 ports on 10.1.2.3, then sent 1.2 MB and received 3 kB on 2050/tcp, one
  // of the 2 ports it found open"
  std::string reason() const;
};

// Whether a conversation's own history is a scan chain (its client named a scanner).
bool is_scan_chain(const ConversationStats& stats);

// The chain of one conversation whose client scans (`scan`), if its history is one. The
// scanned ports and hosts are scan detection's counts (those of its scan report and of the
// rules' reasons); the open ports are the model's.
std::optional<ScanChain> scan_chain_of(const TrafficModel& model, const ConversationKey& key,
                                       const ClientScanInfo& scan);

// What may become chains among the conversations that left the model before the end (it was
// full and they were its quietest): each one whose probe a port accepted from a client scan
// detection already calls a scanner, with every later part of it that leaves too, until the
// end says whether that client is still one. Without them a scanner's probe forgotten before
// its session came would break the chain. At most `capacity` conversations; the rest are
// counted. (Keeping every accepted probe until the end would cost ~170 bytes for each short
// exchange of ordinary clients: 139,205 of 2,000,000 scan-heavy packets.)
class EarlierScanChains {
 public:
  explicit EarlierScanChains(std::size_t capacity) : capacity_(capacity) {}
  // `key` is about to leave `model`: keeps its history if it may be a chain's (`scans_so_far`
  // is asked only then: whether scan detection calls the client a scanner yet).
  void note_leaving(const TrafficModel& model, const ConversationKey& key, const ConversationStats& stats,
                    const std::function<bool(const IpAddress&)>& scans_so_far);
  const std::vector<ScanChain>& parts() const { return parts_; }  // one per conversation
  std::uint64_t left_out() const { return left_out_; }            // past the capacity
  bool contains(const ConversationKey& key) const { return index_.contains(key); }
  // When the conversation's earlier parts had a probe a port accepted (for the feature
  // scan_then_session of its part still in the model).
  std::optional<TimeNs> answered_probe(const ConversationKey& key) const {
    const auto it = index_.find(key);
    if (it == index_.end()) return std::nullopt;
    return parts_[it->second].first_probe_answered;
  }

 private:
  std::size_t capacity_;
  std::vector<ScanChain> parts_;
  absl::flat_hash_map<ConversationKey, std::size_t, ConversationKeyHash> index_;  // into parts_
  std::uint64_t left_out_ = 0;
};

// Every scan chain in `model` and in `earlier`, ordered by the session's start; `scan_info`
// says which clients scan detection named, and their counts. A conversation that left the
// model and came back is one conversation: its parts' times, bytes and sessions add up.
std::vector<ScanChain> find_scan_chains(const TrafficModel& model,
                                        const std::function<ClientScanInfo(const IpAddress&)>& scan_info,
                                        const EarlierScanChains* earlier = nullptr);

}  // namespace gp
