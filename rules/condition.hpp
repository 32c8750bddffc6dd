// A rule's condition, compiled from its `when` table: a tree of tests on named features.
// Built only by the loader (which has already checked every name, type and value against
// the feature catalogue), so evaluation never fails — it is true or false.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "classify/features/feature_catalog.hpp"
#include "common/ip_network.hpp"

namespace gp::rules {

enum class CompareOp : std::uint8_t { lt, le, gt, ge, eq, ne };
std::string_view to_string(CompareOp op);  // "<", "<=", …
std::optional<CompareOp> parse_compare_op(std::string_view text);

struct Condition;

struct Compare {  // flows = ">= 10", port = 3255
  FeatureId feature;
  CompareOp op;
  double value;
};
struct InRange {  // completed_ratio = "0.2..0.9" (both ends included)
  FeatureId feature;
  double low;
  double high;
};
struct OneOfNumbers {  // port = [3206, 3255]
  FeatureId feature;
  std::vector<double> values;
};
struct OneOfTexts {  // standing = ["orphaned", "unassigned"], transport = "tcp"
  FeatureId feature;
  std::vector<std::string> values;
};
struct IsBool {  // client_internal = true
  FeatureId feature;
  bool value;
};
struct InNetworks {  // server_addr = ["10.0.0.0/8", "fd00::/8"]
  FeatureId feature;
  std::vector<IpNetwork> networks;
};
struct AllOf {  // every key of a `when` table, or `all = [...]`; empty = true
  std::vector<Condition> items;
};
struct AnyOf {  // `any = [...]`; empty = false
  std::vector<Condition> items;
};
struct NoneOf {                  // `not = {...}`: true when the inner condition is false
  std::vector<Condition> items;  // exactly one; a vector because Condition is incomplete here
};

struct Condition {
  std::variant<AllOf, AnyOf, NoneOf, Compare, InRange, OneOfNumbers, OneOfTexts, IsBool, InNetworks> node;
};

// Human-readable form for `rules list -v` and --explain: "flows >= 10 and standing in [orphaned]".
std::string describe(const Condition& c);

}  // namespace gp::rules
