// A VerdictEngine whose verdicts the test dictates per (client, port), so the analyzer's own
// work — grouping, port labels, breakdowns, ordering, determinism — is tested apart from
// the shipped rules. It also records what the features said, for the wiring tests.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "annotate/traffic_analyzer.hpp"
#include "tests/support/labels.hpp"
#include "tests/unit/classify/features/flow_builder.hpp"

namespace gp::test {

class ScriptedEngine final : public VerdictEngine {
 public:
  using VerdictEngine::judge;

  ScriptedEngine& say(std::string_view client, std::uint16_t port, std::string label, double confidence,
                      std::string reason = "") {
    Verdict v;
    v.label = test::label(label);
    v.confidence = confidence;
    if (!reason.empty()) v.evidence.push_back(RuleEvidence{"rule_" + label, v.label, 1.0, false, std::move(reason)});
    verdicts_[{ip(client), port}] = std::move(v);
    return *this;
  }

  Verdict judge(const FeatureValues& features) const override {
    const IpAddress client = std::get<IpAddress>(features.get(*find_feature("client_addr")));
    const auto port = static_cast<std::uint16_t>(std::get<double>(features.get(*find_feature("port"))));
    seen_.push_back(
        Seen{client, port, text(features, "protocol"), flag(features, "client_scanner"), text(features, "scan_tool")});
    const auto it = verdicts_.find({client, port});
    return it == verdicts_.end() ? Verdict{} : it->second;
  }

  struct Seen {
    IpAddress client;
    std::uint16_t port;
    std::string protocol;
    bool scanner;
    std::string scan_tool;
  };
  const std::vector<Seen>& seen() const { return seen_; }

 private:
  static std::string text(const FeatureValues& f, std::string_view name) {
    const FeatureValue v = f.get(*find_feature(name));
    return std::holds_alternative<std::string_view>(v) ? std::string(std::get<std::string_view>(v)) : "";
  }
  static bool flag(const FeatureValues& f, std::string_view name) {
    const FeatureValue v = f.get(*find_feature(name));
    return std::holds_alternative<bool>(v) && std::get<bool>(v);
  }

  std::map<std::pair<IpAddress, std::uint16_t>, Verdict> verdicts_;
  mutable std::vector<Seen> seen_;
};

}  // namespace gp::test
