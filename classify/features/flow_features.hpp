// The feature values of one finished flow, for rules with `scope = "flow"`: its Zeek state
// and history, bytes each way, duration, first-payload protocol and entropy, addresses and
// ICMP errors. Computed on demand from the flow and its record (no copy, no allocation);
// valid while both live. Group features read as unset here, so a flow rule that names
// one never fires ("unknown is never evidence").
#pragma once

#include <cstdint>

#include "capture/flow/conn_record.hpp"
#include "capture/flow/flow.hpp"
#include "classify/features/feature_catalog.hpp"
#include "classify/features/internal_networks.hpp"

namespace gp {

class FlowFeatures final : public FeatureValues {
 public:
  // `protocol`: index into protocol_vocabulary() of the originator's first payload.
  FlowFeatures(const Flow& flow, const ConnRecord& record, std::uint8_t protocol, const InternalNetworks& internal)
      : flow_(flow), record_(record), protocol_(protocol), internal_(internal) {}

  FeatureValue get(FeatureId id) const override;

 private:
  const Flow& flow_;
  const ConnRecord& record_;
  std::uint8_t protocol_;
  const InternalNetworks& internal_;
};

}  // namespace gp
