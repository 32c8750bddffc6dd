#include "annotate/label_votes.hpp"

namespace gp {

void LabelTally::add(rules::Label label, double confidence) {
  LabelVotes& v = votes_[static_cast<std::size_t>(label)];
  ++v.conversations;
  v.confidence_sum += confidence;
}

void LabelTally::remove(rules::Label label, double confidence) {
  LabelVotes& v = votes_[static_cast<std::size_t>(label)];
  --v.conversations;
  v.confidence_sum -= confidence;
}

void LabelTally::merge(const LabelTally& other) {
  for (std::size_t l = 0; l < votes_.size(); ++l) {
    votes_[l].conversations += other.votes_[l].conversations;
    votes_[l].confidence_sum += other.votes_[l].confidence_sum;
  }
}

rules::Label LabelTally::port_label() const {
  const LabelVotes* best = nullptr;
  rules::Label best_label = rules::Label::unknown;
  for (const rules::Label l : rules::kRuleLabels) {
    const LabelVotes& v = (*this)[l];
    if (l == rules::Label::scanner_noise || v.conversations == 0) continue;
    if (best == nullptr || v.confidence_sum > best->confidence_sum ||
        (v.confidence_sum == best->confidence_sum &&
         (v.conversations > best->conversations ||
          (v.conversations == best->conversations && rules::severity_rank(l) < rules::severity_rank(best_label))))) {
      best = &v;
      best_label = l;
    }
  }
  if (best != nullptr) return best_label;
  if ((*this)[rules::Label::scanner_noise].conversations > 0) return rules::Label::scanner_noise;
  return rules::Label::unknown;
}

}  // namespace gp
