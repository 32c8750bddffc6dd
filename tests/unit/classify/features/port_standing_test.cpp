// A port's standing as the rules see it: the registry's word for transports with ports,
// "none" for ICMP, GRE, ESP and other portless transports (so an ICMP type is never an
// orphaned port), "unassigned" without a registry.
#include "classify/features/port_standing.hpp"

#include <gtest/gtest.h>

#include "tests/unit/classify/features/tiny_registry.hpp"

namespace gp {
namespace {

using test::tiny_registry;

TEST(PortStanding, TransportsWithPortsMapToTheRegistrysTransports) {
  EXPECT_EQ(registry_transport(6), registry::Transport::tcp);
  EXPECT_EQ(registry_transport(17), registry::Transport::udp);
  EXPECT_EQ(registry_transport(132), registry::Transport::sctp);
  EXPECT_EQ(registry_transport(33), registry::Transport::dccp);
  for (const int portless : {0, 1, 2, 4, 41, 47, 50, 51, 58, 89, 255}) {
    EXPECT_FALSE(registry_transport(static_cast<std::uint8_t>(portless)).has_value()) << portless;
  }
}

TEST(PortStanding, FromTheRegistry) {
  const auto* r = &tiny_registry();
  EXPECT_EQ(port_standing(r, 3255, 6), "orphaned");
  EXPECT_EQ(port_standing(r, 3255, 17), "orphaned");
  EXPECT_EQ(port_standing(r, 80, 6), "active_service");
  EXPECT_EQ(port_standing(r, 3546, 6), "unassigned");
  EXPECT_EQ(port_standing(r, 1023, 6), "reserved");
  EXPECT_EQ(port_standing(r, 50000, 6), "dynamic");
  EXPECT_EQ(port_standing(r, 7, 6), "active_service");
}

TEST(PortStanding, PortlessTransportsHaveNone) {
  const auto* r = &tiny_registry();
  // ICMP type 7 and 3 are not ports 7 and 3, whatever the registry says about those.
  for (const int p : {1, 58, 47, 50}) {
    const auto proto = static_cast<std::uint8_t>(p);
    EXPECT_EQ(port_standing(r, 7, proto), "none") << p;
    EXPECT_EQ(port_standing(r, 3255, proto), "none") << p;
    EXPECT_EQ(port_standing(nullptr, 3, proto), "none") << p;
    EXPECT_EQ(port_service(r, 7, proto), "-") << p;
  }
}

TEST(PortStanding, WithoutARegistryEveryPortIsUnassigned) {
  EXPECT_EQ(port_standing(nullptr, 80, 6), "unassigned");
  EXPECT_EQ(port_standing(nullptr, 3255, 17), "unassigned");
  EXPECT_EQ(port_service(nullptr, 80, 6), "-");
}

TEST(PortStanding, ServiceNameIsTheRegisteredOneOrADash) {
  const auto* r = &tiny_registry();
  EXPECT_EQ(port_service(r, 3255, 6), "semaphore");
  EXPECT_EQ(port_service(r, 80, 6), "http");
  EXPECT_EQ(port_service(r, 80, 17), "-");  // registered on tcp only
  EXPECT_EQ(port_service(r, 3546, 6), "-");
  EXPECT_EQ(port_service(r, 1023, 6), "-");
}

}  // namespace
}  // namespace gp
