// A VerdictEngine that judges nothing: the summary harness and its seed maker exercise the
// merge and the model, not the rules.
#pragma once

#include "annotate/traffic_analyzer.hpp"

namespace gp::fuzz {

class NoVerdicts final : public VerdictEngine {
 public:
  using VerdictEngine::judge;
  Verdict judge(const FeatureValues& /*features*/) const override { return {}; }
};

}  // namespace gp::fuzz
