#include "rules/condition_parse.hpp"

#include <fmt/format.h>

#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <vector>

#include "common/name_suggest.hpp"
#include "common/toml_support.hpp"
#include "rules/value_domain.hpp"
#include "rules/value_format.hpp"

namespace gp::rules {

namespace {

namespace ts = toml_support;

constexpr std::string_view kCombinators[] = {"all", "any", "not"};

std::vector<std::string_view> condition_keys() {
  std::vector<std::string_view> names(std::begin(kCombinators), std::end(kCombinators));
  for (const auto& d : feature_catalog()) names.push_back(d.name);
  return names;
}

std::string_view type_word(FeatureType t) {
  switch (t) {
    case FeatureType::number: return "a number";
    case FeatureType::boolean: return "a boolean";
    case FeatureType::text: return "text";
    case FeatureType::address: return "an address";
  }
  return "?";
}

// What a value of this type looks like, for "wrong type" errors.
std::string_view type_example(FeatureType t) {
  switch (t) {
    case FeatureType::number: return "a number, a comparison such as \">= 10\", a range \"1..5\" or a list of numbers";
    case FeatureType::boolean: return "true or false";
    case FeatureType::text: return "a string or a list of strings";
    case FeatureType::address: return "a network such as \"10.0.0.0/8\" or a list of networks";
  }
  return "?";
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

std::optional<double> parse_double(std::string_view s) {
  s = trim(s);
  double v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc{} || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

// A leading comparison operator, longest first so "<=" is not read as "<".
std::optional<CompareOp> leading_op(std::string_view s, std::size_t& length) {
  for (const std::string_view op : {"<=", ">=", "==", "!=", "<", ">"}) {
    if (s.substr(0, op.size()) == op) {
      length = op.size();
      return parse_compare_op(op);
    }
  }
  return std::nullopt;
}

class Parser {
 public:
  explicit Parser(const ConditionContext& ctx) : ctx_(ctx), keys_(condition_keys()) {}

  Condition table(const toml::table& t) {
    // Nested `not`, `all` and `any` recurse; a bound keeps a hostile file from the stack's end.
    if (depth_ >= kMaxConditionDepth) {
      error(t.source(), fmt::format("conditions nest deeper than {} levels ('not', 'all', 'any' inside each other); "
                                    "write the condition flatter",
                                    kMaxConditionDepth));
      return Condition{AllOf{}};
    }
    ++depth_;
    Condition c = table_items(t);
    --depth_;
    return c;
  }

 private:
  Condition table_items(const toml::table& t) {
    // toml++ iterates keys in name order; conditions (and their errors) follow the file's order.
    std::vector<std::pair<const toml::key*, const toml::node*>> keys;
    for (auto&& [key, node] : t) keys.emplace_back(&key, &node);
    std::stable_sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) {
      const auto& pa = a.first->source().begin;
      const auto& pb = b.first->source().begin;
      return pa.line != pb.line ? pa.line < pb.line : pa.column < pb.column;
    });
    AllOf all;
    for (const auto& [key, node] : keys) {
      if (auto c = entry(*key, *node)) all.items.push_back(std::move(*c));
    }
    return Condition{std::move(all)};
  }

  void error(const toml::source_region& where, std::string message) {
    ctx_.diags.error(ts::where(ctx_.file, where), std::move(message));
  }

  std::optional<Condition> entry(const toml::key& key, const toml::node& node) {
    const std::string_view name = key.str();
    if (name == "all" || name == "any") return combinator(name, node);
    if (name == "not") {
      const auto* inner = node.as_table();
      if (!inner) {
        error(node.source(),
              fmt::format("'not' takes a table such as {{ protocol = \"http\" }}, found {}", ts::type_name(node)));
        return std::nullopt;
      }
      NoneOf n;
      n.items.push_back(table(*inner));
      return Condition{std::move(n)};
    }
    const auto id = find_feature(name);
    if (!id) {
      error(key.source(), fmt::format("unknown feature '{}'{}", name, did_you_mean(name, keys_)));
      return std::nullopt;
    }
    const FeatureDef& def = feature_def(*id);
    if (def.scope == FeatureScope::flow && ctx_.scope == FeatureScope::group) {
      error(key.source(),
            fmt::format("'{}' is a flow feature; a group rule cannot test it (set scope = \"flow\")", name));
      return std::nullopt;
    }
    switch (def.type) {
      case FeatureType::number: return number(*id, def, node);
      case FeatureType::boolean: return boolean(*id, def, node);
      case FeatureType::text: return text(*id, def, node);
      case FeatureType::address: return address(*id, def, node);
    }
    return std::nullopt;
  }

  std::optional<Condition> combinator(std::string_view name, const toml::node& node) {
    const auto* arr = node.as_array();
    if (!arr) {
      error(node.source(),
            fmt::format("'{}' takes a list of tables such as [{{ flows = \">= 10\" }}, {{ port = 3255 }}], found {}",
                        name, ts::type_name(node)));
      return std::nullopt;
    }
    std::vector<Condition> items;
    for (const toml::node& el : *arr) {
      if (const auto* t = el.as_table()) {
        items.push_back(table(*t));
      } else {
        error(el.source(), fmt::format("elements of '{}' must be tables, found {}", name, ts::type_name(el)));
      }
    }
    if (name == "all") return Condition{AllOf{std::move(items)}};
    return Condition{AnyOf{std::move(items)}};
  }

  void wrong_type(const FeatureDef& def, const toml::node& node) {
    error(node.source(), fmt::format("'{}' is {}; expected {}, found {}", def.name, type_word(def.type),
                                     type_example(def.type), ts::type_name(node)));
  }

  bool check_domain(const FeatureDef& def, double v, const toml::node& node) {
    if (const auto why = impossible_value(def, v)) {
      error(node.source(), fmt::format("{} is impossible for '{}' ({})", format_number(v), def.name, *why));
      return false;
    }
    return true;
  }

  static std::optional<double> as_number(const toml::node& node) {
    if (const auto* i = node.as_integer()) return static_cast<double>(i->get());
    if (const auto* f = node.as_floating_point()) return f->get();
    return std::nullopt;
  }

  std::optional<Condition> number(FeatureId id, const FeatureDef& def, const toml::node& node) {
    if (const auto v = as_number(node)) {
      if (!check_domain(def, *v, node)) return std::nullopt;
      return Condition{Compare{id, CompareOp::eq, *v}};
    }
    if (const auto* arr = node.as_array()) {
      OneOfNumbers set{id, {}};
      bool ok = true;
      for (const toml::node& el : *arr) {
        const auto v = as_number(el);
        if (!v) {
          error(el.source(),
                fmt::format("'{}' is a number; list elements must be numbers, found {}", def.name, ts::type_name(el)));
          ok = false;
        } else if (!check_domain(def, *v, el)) {
          ok = false;
        } else {
          set.values.push_back(*v);
        }
      }
      if (!ok) return std::nullopt;
      return Condition{std::move(set)};
    }
    const auto* s = node.as_string();
    if (!s) {
      wrong_type(def, node);
      return std::nullopt;
    }
    const std::string_view text = trim(s->get());
    std::size_t op_len = 0;
    if (const auto op = leading_op(text, op_len)) {
      const auto v = parse_double(text.substr(op_len));
      if (!v) {
        error(node.source(),
              fmt::format("invalid comparison '{}' for '{}' (expected an operator and a number, such as \">= 10\")",
                          text, def.name));
        return std::nullopt;
      }
      if (!check_domain(def, *v, node)) return std::nullopt;
      return Condition{Compare{id, *op, *v}};
    }
    if (const auto dots = text.find(".."); dots != std::string_view::npos) {
      const auto lo = parse_double(text.substr(0, dots));
      const auto hi = parse_double(text.substr(dots + 2));
      if (!lo || !hi) {
        error(node.source(), fmt::format("invalid range '{}' for '{}' (expected \"LOW..HIGH\", such as \"0.2..0.9\")",
                                         text, def.name));
        return std::nullopt;
      }
      if (!check_domain(def, *lo, node) || !check_domain(def, *hi, node)) return std::nullopt;
      if (*lo > *hi) {
        error(node.source(), fmt::format("inverted range '{}' for '{}' (did you mean '{}..{}'?)", text, def.name,
                                         format_number(*hi), format_number(*lo)));
        return std::nullopt;
      }
      return Condition{InRange{id, *lo, *hi}};
    }
    if (parse_double(text)) {
      error(node.source(), fmt::format("'{}' is a number; write {} = {} (no quotes) or a comparison such as \">= {}\"",
                                       def.name, def.name, text, text));
    } else {
      error(node.source(),
            fmt::format("invalid comparison '{}' for '{}' (expected {})", text, def.name, type_example(def.type)));
    }
    return std::nullopt;
  }

  std::optional<Condition> boolean(FeatureId id, const FeatureDef& def, const toml::node& node) {
    if (const auto* b = node.as_boolean()) return Condition{IsBool{id, b->get()}};
    wrong_type(def, node);
    return std::nullopt;
  }

  // One text value: a number operator here means the rule author thinks this is a number.
  bool text_value(const FeatureDef& def, const toml::node& el, std::vector<std::string>& out) {
    const auto* s = el.as_string();
    if (!s) {
      wrong_type(def, el);
      return false;
    }
    const std::string& v = s->get();
    std::size_t op_len = 0;
    if (leading_op(v, op_len)) {
      error(el.source(), fmt::format("'{}' is text; '{}' compares numbers (write {} = \"value\" or a list of values)",
                                     def.name, v.substr(0, op_len), def.name));
      return false;
    }
    if (!def.allowed_values.empty() &&
        std::find(def.allowed_values.begin(), def.allowed_values.end(), v) == def.allowed_values.end()) {
      std::string hint = did_you_mean(v, def.allowed_values);
      if (hint.empty()) hint = fmt::format(" (values: {})", fmt::join(def.allowed_values, ", "));
      error(el.source(), fmt::format("'{}' is not a value of '{}'{}", v, def.name, hint));
      return false;
    }
    out.push_back(v);
    return true;
  }

  std::optional<Condition> text(FeatureId id, const FeatureDef& def, const toml::node& node) {
    OneOfTexts set{id, {}};
    if (const auto* arr = node.as_array()) {
      bool ok = true;
      for (const toml::node& el : *arr) ok = text_value(def, el, set.values) && ok;
      if (!ok) return std::nullopt;
    } else if (!text_value(def, node, set.values)) {
      return std::nullopt;
    }
    return Condition{std::move(set)};
  }

  bool network(const FeatureDef& def, const toml::node& el, std::vector<IpNetwork>& out) {
    const auto* s = el.as_string();
    if (!s) {
      wrong_type(def, el);
      return false;
    }
    std::size_t op_len = 0;
    if (leading_op(s->get(), op_len)) {
      error(el.source(), fmt::format("'{}' is an address; '{}' compares numbers (write {} = \"10.0.0.0/8\")", def.name,
                                     s->get().substr(0, op_len), def.name));
      return false;
    }
    std::string why;
    const auto n = IpNetwork::parse(s->get(), why);
    if (!n) {
      error(el.source(), why);
      return false;
    }
    out.push_back(*n);
    return true;
  }

  std::optional<Condition> address(FeatureId id, const FeatureDef& def, const toml::node& node) {
    InNetworks set{id, {}};
    if (const auto* arr = node.as_array()) {
      bool ok = true;
      for (const toml::node& el : *arr) ok = network(def, el, set.networks) && ok;
      if (!ok) return std::nullopt;
    } else if (!network(def, node, set.networks)) {
      return std::nullopt;
    }
    return Condition{std::move(set)};
  }

  const ConditionContext& ctx_;
  std::vector<std::string_view> keys_;
  int depth_ = 0;
};

}  // namespace

Condition parse_when(const toml::table& when, const ConditionContext& ctx) { return Parser(ctx).table(when); }

}  // namespace gp::rules
