#include "tests/unit/capture/decode/decode_fixture.hpp"

namespace gp::test {
namespace {

TEST(NullLoopback, HostOrderAfInet) {
  const auto r = decode_frame("tls/pop3-starttls.pcap", 1);
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.src, "192.168.4.149");
  EXPECT_EQ(r.packet.src_port, 54775);
  EXPECT_EQ(r.packet.dst_port, 110);
  EXPECT_EQ(r.packet.tcp.seq, 3477461263U);
}

TEST(NullLoopback, MacOsAfInet6) {
  const auto r = decode_frame("http/connect-with-header.pcap", 1);  // AF value 30
  ASSERT_EQ(r.status, DecodeStatus::ok);
  EXPECT_EQ(r.packet.ip_version, 6);
  EXPECT_EQ(r.src, "::1");
  EXPECT_EQ(r.packet.src_port, 52522);
  EXPECT_EQ(r.packet.tcp.seq, 1321751229U);
  EXPECT_EQ(r.packet.tcp.header_len, 44);
  EXPECT_EQ(r.packet.ip_len, 84U);
}

}  // namespace
}  // namespace gp::test
