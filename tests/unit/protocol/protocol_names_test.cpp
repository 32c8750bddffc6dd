#include <gtest/gtest.h>

#include "classify/features/feature_catalog.hpp"
#include "classify/protocol/protocol.hpp"

namespace gp {
namespace {

TEST(ProtocolNames, AreTheFeatureVocabularyInOrder) {
  const auto ours = protocol_names();
  const auto features = protocol_vocabulary();
  ASSERT_EQ(ours.size(), features.size());
  for (std::size_t i = 0; i < ours.size(); ++i) EXPECT_EQ(ours[i], features[i]) << i;
}

TEST(ProtocolNames, ParseAndToStringRoundTrip) {
  for (const std::string_view name : protocol_names()) {
    const auto p = parse_protocol(name);
    ASSERT_TRUE(p.has_value()) << name;
    EXPECT_EQ(to_string(*p), name);
  }
  EXPECT_FALSE(parse_protocol("HTTP").has_value());
  EXPECT_FALSE(parse_protocol("").has_value());
}

TEST(StandardPort, RegisteredAndCommonPortsPerTransport) {
  EXPECT_TRUE(protocol_standard_port(Protocol::http, 80, 6));
  EXPECT_TRUE(protocol_standard_port(Protocol::http, 3128, 6));
  EXPECT_FALSE(protocol_standard_port(Protocol::http, 80, 17));
  EXPECT_TRUE(protocol_standard_port(Protocol::tls, 8443, 6));
  EXPECT_TRUE(protocol_standard_port(Protocol::ssh, 22, 6));
  EXPECT_FALSE(protocol_standard_port(Protocol::ssh, 8000, 6));
  EXPECT_TRUE(protocol_standard_port(Protocol::dns, 53, 17));
  EXPECT_TRUE(protocol_standard_port(Protocol::dns, 53, 6));
  EXPECT_TRUE(protocol_standard_port(Protocol::dns, 5353, 17));
  EXPECT_TRUE(protocol_standard_port(Protocol::smtp, 587, 6));
  EXPECT_TRUE(protocol_standard_port(Protocol::irc, 6667, 6));
  EXPECT_TRUE(protocol_standard_port(Protocol::quic, 443, 17));
  EXPECT_FALSE(protocol_standard_port(Protocol::quic, 443, 6));
  EXPECT_FALSE(protocol_standard_port(Protocol::http, 80, 1));
}

TEST(StandardPort, NoneAndUnknownAreNowhere) {
  for (const std::uint16_t port : {std::uint16_t{0}, std::uint16_t{80}, std::uint16_t{443}, std::uint16_t{65535}}) {
    EXPECT_FALSE(protocol_standard_port(Protocol::none, port, 6));
    EXPECT_FALSE(protocol_standard_port(Protocol::unknown, port, 17));
  }
}

}  // namespace
}  // namespace gp
