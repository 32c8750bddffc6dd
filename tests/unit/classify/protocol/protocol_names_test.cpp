#include <gtest/gtest.h>

#include "classify/features/feature_catalog.hpp"
#include "classify/protocol/protocol.hpp"
#include "classify/protocol/zeek_service.hpp"

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

TEST(ZeekService, UsesZeekAnalyzerNames) {
  EXPECT_EQ(zeek_service_name(Protocol::tls), "ssl");
  EXPECT_EQ(zeek_service_name(Protocol::ssh), "ssh");
  EXPECT_EQ(zeek_service_name(Protocol::http), "http");
  EXPECT_EQ(zeek_service_name(Protocol::dns), "dns");
  EXPECT_EQ(zeek_service_name(Protocol::socks5), "socks");
  EXPECT_EQ(zeek_service_name(Protocol::quic), "quic,ssl");
  EXPECT_EQ(zeek_service_name(Protocol::unknown), "");
  EXPECT_EQ(zeek_service_name(Protocol::none), "");
  EXPECT_EQ(zeek_service_name(Protocol::openvpn), "");
}

TEST(ZeekService, OnlyAStrongIdentificationNamesAService) {
  FlowEvidence ssh;
  const std::string_view banner = "SSH-2.0-OpenSSH_9.6\r\n";
  auto& c = ssh.first_payload[0];
  for (std::size_t i = 0; i < banner.size(); ++i) c.bytes[i] = static_cast<std::uint8_t>(banner[i]);
  c.size = static_cast<std::uint8_t>(banner.size());
  c.length = static_cast<std::uint32_t>(banner.size());
  EXPECT_EQ(zeek_service(ssh, 6), "ssh");
  EXPECT_EQ(zeek_service(FlowEvidence{}, 6), "");  // no payload: nothing confirmed
  FlowEvidence noise;
  noise.first_payload[0].bytes[0] = 0x17;
  noise.first_payload[0].size = 1;
  noise.first_payload[0].length = 1;
  EXPECT_EQ(zeek_service(noise, 6), "");
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
