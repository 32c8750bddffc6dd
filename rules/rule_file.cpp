#include "rules/rule_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "common/name_suggest.hpp"
#include "common/toml_support.hpp"
#include "rules/condition_parse.hpp"
#include "rules/value_format.hpp"

namespace gp::rules {

namespace {

namespace ts = toml_support;

constexpr std::array<std::string_view, 9> kRuleKeys{"id",     "label",       "against", "weight", "scope",
                                                    "reason", "description", "when",    "enabled"};
// The names a rule may use: rules/label.hpp's vocabulary, spelled once there.
constexpr std::array<std::string_view, kRuleLabels.size()> kLabelNames = [] {
  std::array<std::string_view, kRuleLabels.size()> names{};
  for (std::size_t i = 0; i < kRuleLabels.size(); ++i) names[i] = to_string(kRuleLabels[i]);
  return names;
}();
constexpr std::array<std::string_view, 2> kScopeNames{"group", "flow"};

bool is_snake_case(std::string_view s) {
  if (s.empty() || s.front() < 'a' || s.front() > 'z') return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

// Where byte `offset` of a string value sits in the file. Exact for a one-line string with
// no escapes before `offset` (every reason we have seen); otherwise the string's start.
SourceLocation inside_string(const std::string& file, std::string_view content, const toml::node& node,
                             std::string_view value, std::size_t offset) {
  SourceLocation at = ts::where(file, node.source());
  std::size_t line_start = 0;
  for (std::uint32_t l = 1; l < at.line && line_start != std::string_view::npos; ++l) {
    line_start = content.find('\n', line_start);
    if (line_start != std::string_view::npos) ++line_start;
  }
  if (line_start == std::string_view::npos || at.column == 0) return at;
  const std::size_t quote = line_start + at.column - 1;
  if (quote >= content.size() || (content[quote] != '"' && content[quote] != '\'')) return at;
  if (content.substr(quote, 3) == "\"\"\"" || content.substr(quote, 3) == "'''") return at;
  if (content.substr(quote + 1, offset) != value.substr(0, offset)) return at;
  at.column += static_cast<std::uint32_t>(offset + 1);
  return at;
}

class RuleParser {
 public:
  RuleParser(const std::string& file, std::string_view content, Diagnostics& diags)
      : file_(file), content_(content), diags_(diags) {}

  std::optional<Rule> parse(const toml::table& t) {
    const std::size_t errors_before = diags_.error_count();
    check_keys(t);
    Rule r;
    r.where = ts::where(file_, t.source());
    const toml::node* id_node = t.get("id");
    if (const auto id = string_key(t, "id")) {
      r.id = *id;
      r.where = ts::where(file_, id_node->source());
      if (!is_snake_case(r.id)) {
        error(*id_node,
              fmt::format("rule id '{}' must be snake_case (lowercase letters, digits and '_', starting with a letter)",
                          r.id));
      }
    } else if (!id_node) {
      diags_.error(ts::where(file_, t.source()), "missing key 'id' in [[rule]]");
    }
    const std::string name = r.id.empty() ? std::string("[[rule]]") : fmt::format("rule '{}'", r.id);

    if (const toml::node* n = t.get("enabled")) {
      if (const auto* b = n->as_boolean()) r.enabled = b->get();
      else error(*n, fmt::format("key 'enabled' must be true or false, found {}", ts::type_name(*n)));
    }
    // `enabled = false` with nothing else is how a site switches a default rule off.
    const bool stub = !r.enabled;

    if (const toml::node* n = t.get("scope")) {
      if (const auto s = string_key(t, "scope")) {
        if (const auto scope = parse_scope(*s)) r.scope = *scope;
        else
          error(*n, fmt::format("unknown scope '{}'{} (expected \"group\" or \"flow\")", *s,
                                did_you_mean(*s, kScopeNames)));
      }
    }
    if (const toml::node* n = t.get("label")) {
      if (const auto s = string_key(t, "label")) r.label = label_value(*n, *s);
    }
    if (const toml::node* n = t.get("against")) against(*n, r);
    if (!t.get("label") && !t.get("against") && !stub) {
      diags_.error(
          ts::where(file_, t.source()),
          fmt::format(
              "missing key 'label' in {} (the label it supports; or 'against' to list labels it counts against)",
              name));
    }
    if (const toml::node* n = t.get("weight")) {
      weight(*n, r);
    } else if (!stub) {
      diags_.error(ts::where(file_, t.source()), fmt::format("missing key 'weight' in {}", name));
    }
    if (const toml::node* n = t.get("reason")) {
      if (const auto s = string_key(t, "reason")) reason(*n, *s, r);
    } else if (!stub) {
      diags_.error(ts::where(file_, t.source()), fmt::format("missing key 'reason' in {}", name));
    }
    if (const auto d = string_key(t, "description")) r.description = *d;
    if (const toml::node* n = t.get("when")) {
      if (const auto* w = n->as_table()) {
        if (w->empty()) error(*n, "'when' has no conditions (a rule that fires on everything is no evidence)");
        r.when = parse_when(*w, ConditionContext{file_, r.scope, diags_});
      } else {
        error(*n, fmt::format("key 'when' must be a table of conditions, found {}", ts::type_name(*n)));
      }
    } else if (!stub) {
      diags_.error(ts::where(file_, t.source()), fmt::format("missing key 'when' in {}", name));
    }
    if (diags_.error_count() != errors_before) return std::nullopt;
    return r;
  }

 private:
  void check_keys(const toml::table& t) {
    for (auto&& [key, value] : t) {
      const std::string_view k = key.str();
      if (std::find(kRuleKeys.begin(), kRuleKeys.end(), k) != kRuleKeys.end()) continue;
      const std::string hint = find_feature(k)
                                   ? fmt::format(" (conditions go in 'when', e.g. when = {{ {} = ... }})", k)
                                   : did_you_mean(k, kRuleKeys);
      diags_.error(ts::where(file_, key.source()), fmt::format("unknown key '{}' in [[rule]]{}", k, hint));
    }
  }

  void error(const toml::node& n, std::string message) {
    diags_.error(ts::where(file_, n.source()), std::move(message));
  }

  std::optional<std::string> string_key(const toml::table& t, std::string_view key) {
    return ts::get_string(file_, t, key, false, diags_);
  }

  std::optional<Label> label_value(const toml::node& n, std::string_view s) {
    const auto l = parse_label(s);
    if (l == Label::unknown) {
      error(n, "label 'unknown' cannot be supported by a rule (it is the verdict when no rule fires)");
      return std::nullopt;
    }
    if (!l) error(n, fmt::format("unknown label '{}'{}", s, did_you_mean(s, kLabelNames)));
    return l;
  }

  void against(const toml::node& n, Rule& r) {
    const auto* arr = n.as_array();
    if (!arr) {
      error(n, fmt::format("key 'against' must be a list of labels, found {}", ts::type_name(n)));
      return;
    }
    for (const toml::node& el : *arr) {
      const auto* s = el.as_string();
      if (!s) {
        error(el, fmt::format("elements of 'against' must be labels, found {}", ts::type_name(el)));
        continue;
      }
      const auto l = label_value(el, s->get());
      if (!l) continue;
      if (r.label == l) {
        error(el, fmt::format("'{}' is both the rule's label and in 'against'", s->get()));
      } else if (std::find(r.against.begin(), r.against.end(), *l) != r.against.end()) {
        error(el, fmt::format("'{}' is listed twice in 'against'", s->get()));
      } else {
        r.against.push_back(*l);
      }
    }
  }

  void weight(const toml::node& n, Rule& r) {
    double w = 0;
    if (const auto* i = n.as_integer()) w = static_cast<double>(i->get());
    else if (const auto* f = n.as_floating_point()) w = f->get();
    else {
      error(n, fmt::format("key 'weight' must be a number, found {}", ts::type_name(n)));
      return;
    }
    if (!(w > 0 && w <= kMaxWeight)) {
      error(n, fmt::format("weight {} is out of range (expected a number above 0 and at most {}{})", format_number(w),
                           format_number(kMaxWeight),
                           w < 0 ? "; to count against a label, list it in 'against' with a positive weight" : ""));
      return;
    }
    r.weight = w;
  }

  void reason(const toml::node& n, const std::string& text, Rule& r) {
    std::vector<TemplateProblem> problems;
    r.reason = parse_reason(text, r.scope, problems);
    for (auto& p : problems) diags_.error(inside_string(file_, content_, n, text, p.offset), std::move(p.message));
  }

  const std::string& file_;
  std::string_view content_;
  Diagnostics& diags_;
};

}  // namespace

namespace {

std::vector<Rule> parse_unsorted(const std::string& file, std::string_view content, Diagnostics& diags) {
  std::vector<Rule> out;
  const auto doc = ts::parse(file, content, diags);
  if (!doc) return out;
  static constexpr std::array<std::string_view, 1> kTopKeys{"rule"};
  for (auto&& [key, node] : *doc) {
    if (key.str() == "rule") continue;
    std::string hint = did_you_mean(key.str(), kTopKeys);
    if (hint.empty()) hint = " (a rule file holds [[rule]] tables)";
    diags.error(ts::where(file, key.source()), fmt::format("unknown key '{}' at the top level{}", key.str(), hint));
  }
  RuleParser parser(file, content, diags);
  for (const toml::table* t : ts::get_table_array(file, *doc, "rule", diags)) {
    if (auto r = parser.parse(*t)) out.push_back(std::move(*r));
  }
  return out;
}

}  // namespace

std::vector<Rule> parse_rule_file(const std::string& file, std::string_view content, Diagnostics& diags) {
  Diagnostics local;
  auto rules = parse_unsorted(file, content, local);
  // Checks run key by key in a fixed order; report them as a compiler would, top to bottom.
  std::vector<Diagnostic> items = local.all();
  std::stable_sort(items.begin(), items.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.where.line != b.where.line ? a.where.line < b.where.line : a.where.column < b.where.column;
  });
  for (auto& d : items) {
    switch (d.severity) {
      case Severity::error: diags.error(std::move(d.where), std::move(d.message)); break;
      case Severity::warning: diags.warning(std::move(d.where), std::move(d.message)); break;
      case Severity::note: diags.note(std::move(d.where), std::move(d.message)); break;
    }
  }
  return rules;
}

}  // namespace gp::rules
