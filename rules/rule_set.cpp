#include "rules/rule_set.hpp"

namespace gp::rules {

std::string_view to_string(FeatureScope s) { return s == FeatureScope::flow ? "flow" : "group"; }

std::optional<FeatureScope> parse_scope(std::string_view text) {
  if (text == "group") return FeatureScope::group;
  if (text == "flow") return FeatureScope::flow;
  return std::nullopt;
}

std::string_view to_string(RuleStatus s) {
  switch (s) {
    case RuleStatus::active: return "active";
    case RuleStatus::overridden: return "overridden";
    case RuleStatus::disabled: return "disabled";
  }
  return "active";
}

const RuleEntry* RuleSet::find(std::string_view id) const {
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
    if (it->rule.id == id) return &*it;
  }
  return nullptr;
}

bool RuleSet::add(Rule rule) {
  bool replaced = false;
  for (auto& e : entries_) {
    if (e.rule.id == rule.id && e.status != RuleStatus::overridden) {
      e.status = RuleStatus::overridden;
      e.replaced_by = rule.where;
      replaced = true;
    }
  }
  const RuleStatus status = rule.enabled ? RuleStatus::active : RuleStatus::disabled;
  entries_.push_back({std::move(rule), status, std::nullopt});
  reindex();
  return replaced;
}

void RuleSet::reindex() {
  for (auto& a : active_) a.clear();
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i].status == RuleStatus::active) {
      active_[static_cast<std::size_t>(entries_[i].rule.scope)].push_back(i);
    }
  }
}

}  // namespace gp::rules
