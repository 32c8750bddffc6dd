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
  const auto it = newest_.find(std::string(id));
  return it == newest_.end() ? nullptr : &entries_[it->second];
}

bool RuleSet::append(Rule rule) {
  // Only the newest entry of an id can still be in force: earlier ones were overridden when it came.
  const auto [it, inserted] = newest_.try_emplace(rule.id, entries_.size());
  bool replaced = false;
  if (!inserted) {
    RuleEntry& e = entries_[it->second];
    if (e.status != RuleStatus::overridden) {
      e.status = RuleStatus::overridden;
      e.replaced_by = rule.where;
      replaced = true;
    }
    it->second = entries_.size();
  }
  const RuleStatus status = rule.enabled ? RuleStatus::active : RuleStatus::disabled;
  entries_.push_back({std::move(rule), status, std::nullopt});
  return replaced;
}

bool RuleSet::add(Rule rule) {
  const bool replaced = append(std::move(rule));
  reindex();
  return replaced;
}

std::vector<bool> RuleSet::add_all(std::vector<Rule> rules) {
  std::vector<bool> replaced;
  replaced.reserve(rules.size());
  entries_.reserve(entries_.size() + rules.size());
  for (Rule& r : rules) replaced.push_back(append(std::move(r)));
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
