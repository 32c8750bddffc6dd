// Every rule loaded, in load order, with what became of it: active, replaced by a later
// file's rule with the same id, or switched off (`enabled = false`). Scoring reads only the
// active rules of one scope; `rules list` shows all of them.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rules/rule.hpp"

namespace gp::rules {

enum class RuleStatus : std::uint8_t { active, overridden, disabled };
std::string_view to_string(RuleStatus s);

struct RuleEntry {
  Rule rule;
  RuleStatus status = RuleStatus::active;
  std::optional<SourceLocation> replaced_by;  // set when overridden
};

class RuleSet {
 public:
  // Adds `rule` as the newest definition of its id: an earlier entry with that id becomes
  // overridden. Returns false when no earlier rule had the id.
  bool add(Rule rule);
  // Adds a layer's rules in order, as add() one by one, re-indexing once: loading stays
  // linear in the number of rules. Element i is add()'s answer for rules[i].
  std::vector<bool> add_all(std::vector<Rule> rules);

  const std::vector<RuleEntry>& entries() const { return entries_; }
  const RuleEntry* find(std::string_view id) const;  // the newest entry with this id

  // The active rules of one scope, in load order. Indices into entries().
  const std::vector<std::size_t>& active(FeatureScope scope) const { return active_[static_cast<std::size_t>(scope)]; }
  std::size_t active_count() const { return active_[0].size() + active_[1].size(); }

 private:
  bool append(Rule rule);
  void reindex();

  std::vector<RuleEntry> entries_;
  std::unordered_map<std::string, std::size_t> newest_;  // id -> index of its newest entry
  std::array<std::vector<std::size_t>, 2> active_;
};

}  // namespace gp::rules
