// The traffic model past its conversation cap: flows that find no room get no verdict and
// are counted, but the port, service and client tables still see them, so a flood cannot
// make a scanner look smaller than it is.
#include <gtest/gtest.h>

#include "classify/features/traffic_model.hpp"
#include "tests/unit/classify/features/flow_builder.hpp"

namespace gp {
namespace {

TEST(TrafficModelCap, FlowsPastTheConversationCapStillCountForPortsAndClients) {
  TrafficModel model(TrafficModelConfig{.max_conversations = 2});
  for (std::uint16_t port = 1; port <= 30; ++port) {
    const auto probe =
        test::tcp_refused("203.0.113.9", static_cast<std::uint16_t>(50000 + port), "10.0.0.5", port, 0.1 * port);
    model.add(probe.flow(), probe.record(), 0, 0);
  }
  EXPECT_EQ(model.conversations().size(), 2U);
  EXPECT_EQ(model.dropped_flows(), 28U);
  const ClientStats* client = model.client(test::ip("203.0.113.9"));
  ASSERT_NE(client, nullptr);
  EXPECT_EQ(client->ports.count(), 30U);  // the rule "client_ports >= 20" still sees a scan
  EXPECT_EQ(client->flows, 30U);
  const PortStats* port30 = model.port(PortKey{30, 6});
  ASSERT_NE(port30, nullptr);
  EXPECT_EQ(port30->flows, 1U);
  EXPECT_NE(model.service(ServiceKey{test::ip("10.0.0.5"), 30, 6}), nullptr);
}

// Past the client (or service) table's cap a conversation still gets a verdict, but without
// its client's statistics: that is counted on the conversation and on the model, never silent.
TEST(TrafficModelCap, ConversationsPastTheClientCapAreMarked) {
  TrafficModel model(TrafficModelConfig{.max_conversations = 100, .max_clients = 3, .max_services = 100});
  for (int i = 1; i <= 5; ++i) {
    const auto session =
        test::tcp_refused(("203.0.113." + std::to_string(i)).c_str(), 50000, "10.0.0.5", 3255, 0.1 * i);
    model.add(session.flow(), session.record(), 0, 0);
  }
  EXPECT_EQ(model.clients().size(), 3U);
  EXPECT_EQ(model.flows_without_client(), 2U);
  EXPECT_EQ(model.flows_without_service(), 0U);
  std::size_t marked = 0;
  for (const auto& [key, stats] : model.conversations()) {
    EXPECT_EQ(stats.client_table_full > 0, model.client(key.client) == nullptr) << key.client.to_string();
    marked += stats.client_table_full > 0 ? 1U : 0U;
  }
  EXPECT_EQ(marked, 2U);
}

// A conversation judged early is forgotten, and with the last one its client and its service
// counted, so a full model keeps only the hosts of the conversations it holds.
TEST(TrafficModelCap, ForgettingTheLastConversationForgetsItsClientAndService) {
  TrafficModel model;
  const auto to_80 = test::tcp_refused("203.0.113.9", 50000, "10.0.0.5", 80, 0.1);
  const auto to_443 = test::tcp_refused("203.0.113.9", 50001, "10.0.0.5", 443, 0.2);
  const auto other = test::tcp_refused("203.0.113.7", 50002, "10.0.0.5", 80, 0.3);
  for (const auto* f : {&to_80, &to_443, &other}) model.add(f->flow(), f->record(), 0, 0);
  const IpAddress client = test::ip("203.0.113.9");
  const ServiceKey web{test::ip("10.0.0.5"), 80, 6};
  model.erase_conversation(ConversationKey{client, test::ip("10.0.0.5"), 80, 6});
  ASSERT_NE(model.client(client), nullptr);  // its conversation to 443 is still held
  EXPECT_EQ(model.client(client)->flows, 2U);
  ASSERT_NE(model.service(web), nullptr);  // 203.0.113.7's conversation still counts there
  model.erase_conversation(ConversationKey{client, test::ip("10.0.0.5"), 443, 6});
  EXPECT_EQ(model.client(client), nullptr);
  EXPECT_EQ(model.service(ServiceKey{test::ip("10.0.0.5"), 443, 6}), nullptr);
  model.erase_conversation(ConversationKey{test::ip("203.0.113.7"), test::ip("10.0.0.5"), 80, 6});
  EXPECT_EQ(model.service(web), nullptr);
  EXPECT_TRUE(model.conversations().empty());
  EXPECT_TRUE(model.clients().empty());
  EXPECT_NE(model.port(PortKey{80, 6}), nullptr);  // ports are bounded by the port space: kept
}

}  // namespace
}  // namespace gp
