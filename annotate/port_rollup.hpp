// One port's verdict, rolled up from its conversations' verdicts as they are judged, without
// holding them: counts, label votes, the protocol by flows and, per label, the most confident
// conversation. Only the top client and server, and whether scanners alone touched the port,
// need the conversations again; for those the rollup keeps a 44-byte member per conversation
// (its addresses, flows and label), so `analyze` without --conversations holds no
// conversation's result, and a conversation judged early (the model full) costs at most that
// (TrafficAnalyzer keeps members for the first --max-conversations of those; add() without one).
#pragma once

#include <cstdint>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <absl/container/inlined_vector.h>

#include "annotate/label_votes.hpp"
#include "annotate/results.hpp"
#include "classify/features/conversation.hpp"
#include "classify/features/traffic_model.hpp"
#include "classify/registry/port_registry.hpp"

namespace gp {

// The hosts the scan episodes name: a port whose every conversation is scan noise from one
// of them (for backscatter, from the emitter: the conversation's server) is `scan_only`.
struct ScanEpisodeHosts {
  explicit ScanEpisodeHosts(std::span<const scan::ScanEpisode> scans);
  bool covers(const IpAddress& client, const IpAddress& server) const {
    return sources.contains(client) || emitters.contains(server);
  }
  bool empty() const { return sources.empty() && emitters.empty(); }

  std::set<IpAddress> sources;
  std::set<IpAddress> emitters;
};

class PortRollup {
 public:
  PortRollup(const PortKey& key, const registry::PortRegistry* registry);

  // The port's next conversation, in any order: ties between equally confident conversations
  // go to the first in key order, so conversations judged early change no example. Without
  // `keep_member` it counts in everything but the top hosts, and the port is then never
  // `scan_only` (that needs every conversation).
  void add(const ConversationKey& key, const ConversationResult& c, bool keep_member = true);
  // The port's result: `stats` is the model's entry for the port (null: none), `scans` the
  // finished scan episodes (may be empty), `earlier` the rollup of the port's conversations
  // judged before these (read, not copied; may be null). Leaves this rollup empty.
  PortResult finish(const PortStats* stats, const ScanEpisodeHosts& scans, const PortRollup* earlier = nullptr);

 private:
  // What the conversations add up to while they are judged: a rollup exists for every port a
  // conversation judged early touched (up to 131,072), so the PortResult, with its strings
  // and lists, is made only in finish().
  struct Counts {
    std::uint64_t conversations = 0;
    std::uint64_t payload_conversations = 0;  // with an identified payload
    std::uint64_t bytes = 0;
    std::uint64_t open_at_end = 0;
    TimeNs first_start = 0;  // the earliest of their first flows
  };
  // A label's most confident conversation: the port's example when the port gets that label.
  struct Best {
    rules::Label label = rules::Label::unknown;
    double confidence = 0.0;
    std::string reason;
    IpAddress server, client;  // the conversation's key within the port, for ties
    // `other` is the better example: more confident, or as confident and first in key order.
    bool beaten_by(const Best& other) const;
  };
  struct Member {
    IpAddress client;
    IpAddress server;
    std::uint32_t flows;
    rules::Label label;
  };
  // A count per protocol name, in name order: most ports see one protocol (often "none", a
  // scanned port's), held in place; a std::map cost every rollup an 80-byte node per name.
  class NameCounts {
   public:
    void add(std::string_view name, std::uint64_t n);
    bool contains(std::string_view name) const;
    auto begin() const { return counts_.begin(); }
    auto end() const { return counts_.end(); }
    bool empty() const { return counts_.empty(); }

   private:
    absl::InlinedVector<std::pair<std::string, std::uint64_t>, 1> counts_;  // ascending by name
  };

  // The candidate becomes its label's example if it beats the one so far (`reason` is copied
  // only then).
  void offer(Best candidate, std::string_view reason);
  Best* best_for(rules::Label label);
  void absorb_counts(const PortRollup& earlier);  // everything but the members
  void describe_top_hosts(PortResult& p, const PortRollup* earlier) const;
  void describe_protocol(PortResult& p) const;
  bool only_scanners(const ScanEpisodeHosts& scans, const PortRollup* earlier) const;

  PortKey key_;
  Counts counts_;
  LabelTally votes_;
  NameCounts registered_;  // protocol -> conversations speaking it
  NameCounts protocols_;   // protocol ("none": no payload) -> flows
  // One per label seen: most ports see one, held in place (the rollups of the ports judged
  // early live to the end, up to 131,072 of them).
  absl::InlinedVector<Best, 1> best_;
  // A vector, not a deque: a deque allocates its first block even empty.
  std::vector<Member> members_;
  std::uint64_t untracked_ = 0;             // conversations added without a member
  const registry::PortRegistry* registry_;  // names the port's service and standing in finish()
};

}  // namespace gp
