#include "classify/features/flow_features.hpp"

namespace gp {
namespace {

struct FlowFeatureIds {
  FeatureId conn_state, history, orig_bytes, resp_bytes, duration, protocol, entropy, orig_addr, resp_addr,
      orig_internal, resp_internal, icmp_errors;
};

FeatureId id_of(std::string_view name) { return find_feature(name).value(); }

const FlowFeatureIds& ids() {
  static const FlowFeatureIds table{id_of("conn_state"),    id_of("history"),       id_of("flow_orig_bytes"),
                                    id_of("flow_resp_bytes"), id_of("flow_duration"), id_of("flow_protocol"),
                                    id_of("flow_entropy"),  id_of("orig_addr"),     id_of("resp_addr"),
                                    id_of("orig_internal"), id_of("resp_internal"), id_of("icmp_errors")};
  return table;
}

}  // namespace

FeatureValue FlowFeatures::get(FeatureId id) const {
  const FlowFeatureIds& f = ids();
  if (id == f.conn_state) return to_string(record_.state);
  if (id == f.history) return std::string_view(record_.history);
  if (id == f.orig_bytes) return static_cast<double>(record_.orig_bytes);
  if (id == f.resp_bytes) return static_cast<double>(record_.resp_bytes);
  if (id == f.duration) return static_cast<double>(record_.duration()) / 1e9;
  if (id == f.protocol) {
    const auto names = protocol_vocabulary();
    return protocol_ < names.size() ? names[protocol_] : names[0];
  }
  if (id == f.entropy) {
    const float e = flow_.evidence.first_payload[0].entropy;
    return e < 0.0F ? FeatureValue{} : FeatureValue{static_cast<double>(e)};
  }
  if (id == f.orig_addr) return record_.orig_h;
  if (id == f.resp_addr) return record_.resp_h;
  if (id == f.orig_internal) return internal_.contains(record_.orig_h);
  if (id == f.resp_internal) return internal_.contains(record_.resp_h);
  if (id == f.icmp_errors) return static_cast<double>(record_.icmp_errors);
  return {};
}

}  // namespace gp
