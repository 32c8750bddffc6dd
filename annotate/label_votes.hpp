// Conversations per label on one port, and the rule that turns them into the port's label.
// analyze's final view (TrafficAnalyzer::finish) and live's provisional one both use it, so
// a port's last live label is its analyze label.
#pragma once

#include <array>
#include <cstdint>

#include "rules/label.hpp"

namespace gp {

struct LabelVotes {
  std::uint64_t conversations = 0;
  double confidence_sum = 0.0;
};

class LabelTally {
 public:
  void add(rules::Label label, double confidence);
  void remove(rules::Label label, double confidence);  // a vote add() counted
  void merge(const LabelTally& other);                 // every vote `other` counted
  const LabelVotes& operator[](rules::Label label) const { return votes_[static_cast<std::size_t>(label)]; }

  // A port's label says what the port is used for. Scan probes land on every port, so
  // scanner_noise labels a port only when nothing else was seen there; among the other
  // labels the best-supported wins (summed confidence, then conversations, then severity);
  // unknown only when no conversation got a label.
  rules::Label port_label() const;

 private:
  std::array<LabelVotes, rules::kLabelCount> votes_{};
};

}  // namespace gp
