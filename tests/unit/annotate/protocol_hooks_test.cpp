// The analyzer's protocol hooks over classify/protocol: each side of a flow is identified on
// its own bytes (so HTTP sent to an SSH daemon is a mismatch, not one protocol), and a
// protocol is "standard" only on the ports it is registered or commonly used on.
#include "annotate/protocol_hooks.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "classify/features/feature_catalog.hpp"
#include "classify/protocol/protocol.hpp"

namespace gp {
namespace {

PayloadSample sample(std::string_view text) {
  PayloadSample s;
  s.length = static_cast<std::uint32_t>(text.size());
  s.size = static_cast<std::uint8_t>(std::min(text.size(), PayloadSample::kCapacity));
  std::memcpy(s.bytes.data(), text.data(), s.size);
  return s;
}

std::string_view name(std::uint8_t index) { return protocol_vocabulary()[index]; }

TEST(ProtocolHooks, EachSideOnItsOwnBytes) {
  const PayloadSample get = sample("GET / HTTP/1.1\r\nHost: 10.20.1.34:3511\r\nUser-Agent: curl/7.88.1\r\n\r\n");
  const PayloadSample banner = sample("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n");
  EXPECT_EQ(name(identify_side(get, true, 6)), "http");
  EXPECT_EQ(name(identify_side(banner, false, 6)), "ssh");
  EXPECT_EQ(name(identify_side(sample("+OK POP3 server ready\r\n"), false, 6)), "pop3");
  // Redis answering SET: a RESP simple string, no POP3 greeting (mosquitto/redis control).
  EXPECT_NE(name(identify_side(sample("+OK\r\n"), false, 6)), "pop3");
  EXPECT_EQ(name(identify_side(sample("REQ 17 150 150\n"), true, 6)), "unknown");
}

TEST(ProtocolHooks, IndicesAreTheFeatureVocabularys) {
  const PayloadSample get = sample("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(identify_side(get, true, 6), static_cast<std::uint8_t>(Protocol::http));
  EXPECT_LT(identify_side(get, true, 6), protocol_vocabulary().size());
}

TEST(ProtocolHooks, StandardPorts) {
  EXPECT_TRUE(protocol_is_standard_on("http", 80, 6));
  EXPECT_TRUE(protocol_is_standard_on("ssh", 22, 6));
  EXPECT_TRUE(protocol_is_standard_on("dns", 53, 17));
  EXPECT_FALSE(protocol_is_standard_on("http", 3511, 6));
  EXPECT_FALSE(protocol_is_standard_on("ssh", 8000, 6));
  EXPECT_FALSE(protocol_is_standard_on("http", 80, 17));
  EXPECT_FALSE(protocol_is_standard_on("none", 80, 6));
  EXPECT_FALSE(protocol_is_standard_on("unknown", 80, 6));
  EXPECT_FALSE(protocol_is_standard_on("HTTP", 80, 6));
  EXPECT_FALSE(protocol_is_standard_on("", 80, 6));
}

}  // namespace
}  // namespace gp
