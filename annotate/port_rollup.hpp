// One port's verdict, rolled up from its conversations' verdicts as they are judged, without
// holding them: counts, label votes, the protocol by flows and, per label, the most confident
// conversation. Only the top client and server need the conversations again; for those the
// rollup keeps a 16-byte member per conversation (its key lives in the traffic model), so
// `analyze` without --conversations holds no conversation result past its port.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <span>
#include <string>
#include <vector>

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
  bool covers(const ConversationKey& key) const {
    return sources.contains(key.client) || emitters.contains(key.server);
  }
  bool empty() const { return sources.empty() && emitters.empty(); }

  std::set<IpAddress> sources;
  std::set<IpAddress> emitters;
};

class PortRollup {
 public:
  // `stats` is the model's entry for the port (null: none); `scans` may be empty.
  PortRollup(const PortKey& key, const registry::PortRegistry* registry, const PortStats* stats,
             const ScanEpisodeHosts& scans);

  // The port's next conversation, in the order TrafficAnalyzer::finish judges them (key order:
  // ties between equally confident conversations go to the first). `key` must outlive finish().
  void add(const ConversationKey& key, const ConversationResult& c);
  PortResult finish();

 private:
  struct Best {
    double confidence = 0.0;
    std::string reason;
    bool set = false;
  };
  struct Member {
    const ConversationKey* key;
    std::uint32_t flows;
    rules::Label label;
  };

  void describe_top_hosts();
  void describe_protocol();

  PortResult p_;
  const ScanEpisodeHosts& scans_;
  LabelTally votes_;
  std::map<std::string, std::uint64_t> registered_;  // protocol -> conversations speaking it
  std::map<std::string, std::uint64_t> protocols_;   // protocol ("none": no payload) -> flows
  std::array<Best, rules::kLabelCount> best_{};
  std::vector<Member> members_;
};

}  // namespace gp
