#include "rules/condition.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <type_traits>

#include "rules/value_format.hpp"

namespace gp::rules {

std::string_view to_string(CompareOp op) {
  switch (op) {
    case CompareOp::lt: return "<";
    case CompareOp::le: return "<=";
    case CompareOp::gt: return ">";
    case CompareOp::ge: return ">=";
    case CompareOp::eq: return "==";
    case CompareOp::ne: return "!=";
  }
  return "?";
}

std::optional<CompareOp> parse_compare_op(std::string_view text) {
  for (const auto op : {CompareOp::lt, CompareOp::le, CompareOp::gt, CompareOp::ge, CompareOp::eq, CompareOp::ne}) {
    if (to_string(op) == text) return op;
  }
  return std::nullopt;
}

namespace {

std::string name(FeatureId f) { return std::string(feature_def(f).name); }

// A one-item all/any is the item itself: `any = [{ a = 1 }]` reads as "a == 1", not "((a == 1))".
const Condition& unwrap(const Condition& c) {
  if (const auto* all = std::get_if<AllOf>(&c.node); all && all->items.size() == 1) return unwrap(all->items[0]);
  if (const auto* any = std::get_if<AnyOf>(&c.node); any && any->items.size() == 1) return unwrap(any->items[0]);
  return c;
}

std::string join(const std::vector<Condition>& items, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += sep;
    const Condition& item = unwrap(items[i]);
    const bool nested = std::holds_alternative<AllOf>(item.node) || std::holds_alternative<AnyOf>(item.node);
    out += nested ? fmt::format("({})", describe(item)) : describe(item);
  }
  return out;
}

}  // namespace

std::string describe(const Condition& c) {
  return std::visit(
      [](const auto& n) -> std::string {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, AllOf>) {
          return n.items.empty() ? std::string("true") : join(n.items, " and ");
        } else if constexpr (std::is_same_v<T, AnyOf>) {
          return n.items.empty() ? std::string("false") : join(n.items, " or ");
        } else if constexpr (std::is_same_v<T, NoneOf>) {
          return fmt::format("not ({})", describe(unwrap(n.items.front())));
        } else if constexpr (std::is_same_v<T, Compare>) {
          return fmt::format("{} {} {}", name(n.feature), to_string(n.op), format_number(n.value));
        } else if constexpr (std::is_same_v<T, InRange>) {
          return fmt::format("{} in {}..{}", name(n.feature), format_number(n.low), format_number(n.high));
        } else if constexpr (std::is_same_v<T, OneOfNumbers>) {
          std::vector<std::string> v;
          for (const double d : n.values) v.push_back(format_number(d));
          return fmt::format("{} in [{}]", name(n.feature), fmt::join(v, ", "));
        } else if constexpr (std::is_same_v<T, OneOfTexts>) {
          if (n.values.size() == 1) return fmt::format("{} == {}", name(n.feature), n.values[0]);
          return fmt::format("{} in [{}]", name(n.feature), fmt::join(n.values, ", "));
        } else if constexpr (std::is_same_v<T, IsBool>) {
          return n.value ? name(n.feature) : fmt::format("not {}", name(n.feature));
        } else {
          std::vector<std::string> v;
          for (const auto& net : n.networks) v.push_back(net.to_string());
          if (v.size() == 1) return fmt::format("{} in {}", name(n.feature), v[0]);
          return fmt::format("{} in [{}]", name(n.feature), fmt::join(v, ", "));
        }
      },
      c.node);
}

}  // namespace gp::rules
