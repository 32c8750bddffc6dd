#include "classify/features/flow_features.hpp"

namespace gp {

FeatureValue FlowFeatures::get(FeatureId id) const {
  if (id == feature_id<"conn_state">()) return to_string(record_.state);
  if (id == feature_id<"history">()) return std::string_view(record_.history);
  if (id == feature_id<"flow_orig_bytes">()) return static_cast<double>(record_.orig_bytes);
  if (id == feature_id<"flow_resp_bytes">()) return static_cast<double>(record_.resp_bytes);
  if (id == feature_id<"flow_duration">()) return static_cast<double>(record_.duration()) / 1e9;
  if (id == feature_id<"flow_protocol">()) {
    const auto names = protocol_vocabulary();
    return protocol_ < names.size() ? names[protocol_] : names[0];
  }
  if (id == feature_id<"flow_entropy">()) {
    const float e = flow_.evidence.first_payload[0].entropy;
    return e < 0.0F ? FeatureValue{} : FeatureValue{static_cast<double>(e)};
  }
  if (id == feature_id<"orig_addr">()) return record_.orig_h;
  if (id == feature_id<"resp_addr">()) return record_.resp_h;
  if (id == feature_id<"orig_internal">()) return internal_.contains(record_.orig_h);
  if (id == feature_id<"resp_internal">()) return internal_.contains(record_.resp_h);
  if (id == feature_id<"icmp_errors">()) return static_cast<double>(record_.icmp_errors);
  return {};
}

}  // namespace gp
