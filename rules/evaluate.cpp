#include "rules/evaluate.hpp"

#include <algorithm>
#include <type_traits>

namespace gp::rules {

namespace {

bool compare(double v, CompareOp op, double x) {
  switch (op) {
    case CompareOp::lt: return v < x;
    case CompareOp::le: return v <= x;
    case CompareOp::gt: return v > x;
    case CompareOp::ge: return v >= x;
    case CompareOp::eq: return v == x;
    case CompareOp::ne: return v != x;
  }
  return false;
}

template <typename T>
const T* get(const FeatureValue& v) {
  return std::get_if<T>(&v);
}

}  // namespace

bool evaluate(const Condition& c, const FeatureValues& values) {
  return std::visit(
      [&values](const auto& n) -> bool {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, AllOf>) {
          return std::all_of(n.items.begin(), n.items.end(), [&](const Condition& i) { return evaluate(i, values); });
        } else if constexpr (std::is_same_v<T, AnyOf>) {
          return std::any_of(n.items.begin(), n.items.end(), [&](const Condition& i) { return evaluate(i, values); });
        } else if constexpr (std::is_same_v<T, NoneOf>) {
          return !std::all_of(n.items.begin(), n.items.end(), [&](const Condition& i) { return evaluate(i, values); });
        } else {
          const FeatureValue v = values.get(n.feature);
          if constexpr (std::is_same_v<T, Compare>) {
            const double* d = get<double>(v);
            return d && compare(*d, n.op, n.value);
          } else if constexpr (std::is_same_v<T, InRange>) {
            const double* d = get<double>(v);
            return d && *d >= n.low && *d <= n.high;
          } else if constexpr (std::is_same_v<T, OneOfNumbers>) {
            const double* d = get<double>(v);
            return d && std::find(n.values.begin(), n.values.end(), *d) != n.values.end();
          } else if constexpr (std::is_same_v<T, OneOfTexts>) {
            const std::string_view* s = get<std::string_view>(v);
            return s && std::find(n.values.begin(), n.values.end(), *s) != n.values.end();
          } else if constexpr (std::is_same_v<T, IsBool>) {
            const bool* b = get<bool>(v);
            return b && *b == n.value;
          } else {
            const IpAddress* a = get<IpAddress>(v);
            return a && std::any_of(n.networks.begin(), n.networks.end(),
                                    [a](const IpNetwork& net) { return net.contains(*a); });
          }
        }
      },
      c.node);
}

}  // namespace gp::rules
