// The two things a user types for --publish and collect: the server's URL and a sensor name.
#include <gtest/gtest.h>

#include "distribute/nats_url.hpp"

namespace gp::distribute {
namespace {

TEST(NatsUrl, HostAndPort) {
  std::string error;
  const auto url = parse_nats_url("nats://10.0.0.5:4333", error);
  ASSERT_TRUE(url) << error;
  EXPECT_EQ(url->host, "10.0.0.5");
  EXPECT_EQ(url->port, 4333);
  EXPECT_EQ(url->text(), "nats://10.0.0.5:4333");
}

TEST(NatsUrl, DefaultPortAndIpv6) {
  std::string error;
  EXPECT_EQ(parse_nats_url("nats://collector.example", error)->port, 4222);
  const auto v6 = parse_nats_url("nats://[2001:db8::1]:4223", error);
  ASSERT_TRUE(v6) << error;
  EXPECT_EQ(v6->host, "2001:db8::1");
  EXPECT_EQ(v6->text(), "nats://[2001:db8::1]:4223");
}

TEST(NatsUrl, RefusesWhatItCannotUseAndSaysWhat) {
  const std::pair<const char*, const char*> bad[] = {
      {"127.0.0.1:4222", "write nats://HOST:PORT"},
      {"tls://h:4222", "is not a NATS URL"},
      {"nats://h:0", "from 1 to 65535"},
      {"nats://h:70000", "from 1 to 65535"},
      {"nats://h:42x", "from 1 to 65535"},
      {"nats://h:", "from 1 to 65535"},
      {"nats://:4222", "names no host"},
      {"nats://u:p@h:4222", "no user, path or options"},
      {"nats://[2001:db8::1:4222", "closing ']'"},
      {"nats://h:4222/x", "no user, path or options"},
  };
  for (const auto& [text, why] : bad) {
    std::string error;
    EXPECT_FALSE(parse_nats_url(text, error)) << text;
    EXPECT_NE(error.find(why), std::string::npos) << text << ": " << error;
  }
}

TEST(SensorName, OneSubjectToken) {
  EXPECT_EQ(check_sensor_name("dc1-span_3"), "");
  EXPECT_NE(check_sensor_name("a.b").find("'.'"), std::string::npos);
  EXPECT_NE(check_sensor_name("a*"), "");
  EXPECT_NE(check_sensor_name(""), "");
  EXPECT_NE(check_sensor_name(std::string(65, 'a')), "");
  EXPECT_EQ(check_sensor_name(default_sensor_name()), "");
}

}  // namespace
}  // namespace gp::distribute
