// One finished flow's features for scope-"flow" rules: Zeek's state and history, bytes and
// duration, the originator's first-payload protocol and entropy, addresses and ICMP errors;
// group features read as unset, so a flow rule naming one never fires.
#include "classify/features/flow_features.hpp"

#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "tests/unit/classify/features/flow_builder.hpp"

namespace gp {
namespace {

FeatureValue value_of(const FeatureValues& f, std::string_view name) {
  const auto id = find_feature(name);
  EXPECT_TRUE(id.has_value()) << name;
  return id ? f.get(*id) : FeatureValue{};
}

TEST(FlowFeatures, EveryFlowFeatureOfAFinishedSession) {
  auto b = test::tcp_session("10.0.0.5", 40000, "203.0.113.9", 3492, 1300, 20, 100.0);
  const auto payload = test::random_bytes(300);
  b.orig_payload(payload).icmp_errors(2);
  const InternalNetworks internal = InternalNetworks::defaults();
  const FlowFeatures f(b.flow(), b.record(), 1, internal);
  EXPECT_EQ(std::get<std::string_view>(value_of(f, "conn_state")), "SF");
  EXPECT_EQ(std::get<std::string_view>(value_of(f, "history")), "ShADadFf");
  EXPECT_EQ(std::get<double>(value_of(f, "flow_orig_bytes")), 1300.0);
  EXPECT_EQ(std::get<double>(value_of(f, "flow_resp_bytes")), 20.0);
  EXPECT_DOUBLE_EQ(std::get<double>(value_of(f, "flow_duration")), 0.5);
  EXPECT_EQ(std::get<std::string_view>(value_of(f, "flow_protocol")), "unknown");
  EXPECT_NEAR(std::get<double>(value_of(f, "flow_entropy")), static_cast<double>(shannon_entropy(payload)), 1e-6);
  EXPECT_EQ(std::get<IpAddress>(value_of(f, "orig_addr")), test::ip("10.0.0.5"));
  EXPECT_EQ(std::get<IpAddress>(value_of(f, "resp_addr")), test::ip("203.0.113.9"));
  EXPECT_TRUE(std::get<bool>(value_of(f, "orig_internal")));
  EXPECT_FALSE(std::get<bool>(value_of(f, "resp_internal")));
  EXPECT_EQ(std::get<double>(value_of(f, "icmp_errors")), 2.0);
}

TEST(FlowFeatures, EveryFlowScopeFeatureIsComputedAndNoGroupFeatureIs) {
  auto b = test::tcp_session("10.0.0.5", 40000, "10.0.0.9", 3255, 10, 10);
  b.orig_payload(test::bytes_of("hello"));
  const InternalNetworks internal = InternalNetworks::defaults();
  const FlowFeatures f(b.flow(), b.record(), 2, internal);
  for (const FeatureDef& def : feature_catalog()) {
    const bool set = !std::holds_alternative<std::monostate>(value_of(f, def.name));
    EXPECT_EQ(set, def.scope == FeatureScope::flow) << def.name;
  }
}

TEST(FlowFeatures, NoPayloadNoEntropyAndOutOfRangeProtocolIsNone) {
  const auto b = test::tcp_unanswered("10.0.0.5", 40000, "10.0.0.9", 3255);
  const InternalNetworks internal = InternalNetworks::defaults();
  const FlowFeatures f(b.flow(), b.record(), 200, internal);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(value_of(f, "flow_entropy")));
  EXPECT_EQ(std::get<std::string_view>(value_of(f, "flow_protocol")), "none");
  EXPECT_EQ(std::get<std::string_view>(value_of(f, "conn_state")), "S0");
}

}  // namespace
}  // namespace gp
