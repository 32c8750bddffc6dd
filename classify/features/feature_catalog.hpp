// Every feature a rule can test, named once: its scope, type, unit and meaning. The TOML rule
// loader validates names and types against this table, `--explain` prints values with its
// units, and docs/rules.md's feature table is generated from it (`ghostport rules features`).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <variant>

#include "common/ip_address.hpp"

namespace gp {

// What a feature describes: one flow, or all flows to one destination port and transport
// (a "port group"). Group rules may also test the features of the group's busiest client
// (`client.*`), computed per source address across the whole capture.
enum class FeatureScope : std::uint8_t { flow, group };

enum class FeatureType : std::uint8_t {
  number,   // double; comparisons, ranges
  boolean,  // true/false
  text,     // a word from a fixed vocabulary (allowed_values) or free text
  address,  // an IP address; tested against CIDR networks
};

struct FeatureDef {
  std::string_view name;  // snake_case, unique
  FeatureScope scope;
  FeatureType type;
  std::string_view unit;                             // "flows", "bytes", "s", "ratio", "bits/byte", "" …
  std::string_view description;                      // one line, for --explain and the docs
  std::span<const std::string_view> allowed_values;  // text features with a closed vocabulary
};

using FeatureId = std::uint16_t;

// Closed vocabularies shared with the classifiers that produce the values.
std::span<const std::string_view> protocol_vocabulary();   // "none", "unknown", "http", …
std::span<const std::string_view> scan_tool_vocabulary();  // "none", "nmap", …

// The whole catalogue, in a stable order (FeatureId = index).
std::span<const FeatureDef> feature_catalog();
std::optional<FeatureId> find_feature(std::string_view name);
const FeatureDef& feature_def(FeatureId id);

// A feature name as a template argument: feature_id<"port">().
template <std::size_t N>
struct FeatureName {
  consteval FeatureName(const char (&name)[N]) {  // NOLINT(google-explicit-constructor): the point
    for (std::size_t i = 0; i < N; ++i) text[i] = name[i];
  }
  char text[N];
};

// The id of a feature named in code, looked up on first use and then remembered: code
// that fills or reads features per conversation pays no hash per value. A name missing
// from the catalogue throws on first use (std::bad_optional_access), so a test that runs
// the code catches a typo.
template <FeatureName Name>
FeatureId feature_id() {
  static const FeatureId id = find_feature(std::string_view(Name.text, sizeof(Name.text) - 1)).value();
  return id;
}

// A feature's value for one flow or group; unset when it does not apply (e.g. a TCP-only
// feature on UDP traffic). Conditions on an unset feature are false.
using FeatureValue = std::variant<std::monostate, double, bool, std::string_view, IpAddress>;

class FeatureValues {
 public:
  virtual ~FeatureValues() = default;
  virtual FeatureValue get(FeatureId id) const = 0;
};

}  // namespace gp
