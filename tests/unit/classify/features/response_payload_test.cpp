// Which first payloads are a protocol's response (orientation's evidence of who serves):
// each detector on a real-shaped response, and the request or look-alike it must refuse.
#include "classify/features/response_payload.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "tests/unit/classify/features/flow_builder.hpp"

namespace gp {
namespace {

PayloadSample sample(const std::vector<std::uint8_t>& p) {
  PayloadSample s;
  s.length = static_cast<std::uint32_t>(p.size());
  s.size = static_cast<std::uint8_t>(std::min(p.size(), PayloadSample::kCapacity));
  std::memcpy(s.bytes.data(), p.data(), s.size);
  return s;
}

TEST(ResponsePayload, MdnsResponseWithNoQuestion) {
  // mDNS announcement: QR|AA, no question, one answer.
  std::vector<std::uint8_t> p{0, 0, 0x84, 0x00, 0, 0, 0, 1, 0, 0, 0, 0, 4, 'h', 'o', 's', 't', 0};
  EXPECT_TRUE(payload_is_response(sample(p), 17));
  p[2] = 0x04;  // the same with QR clear is a query
  EXPECT_FALSE(payload_is_response(sample(p), 17));
}

TEST(ResponsePayload, RandomUdpIsNoDnsResponse) {
  EXPECT_FALSE(payload_is_response(sample(test::random_bytes(200)), 17));
  EXPECT_FALSE(payload_is_response(sample({0x81, 0x80}), 17));  // too short to tell
}

TEST(ResponsePayload, NtpModes) {
  std::vector<std::uint8_t> p(48, 0);
  p[0] = (4U << 3) | 3U;  // client mode
  p[2] = 6;
  EXPECT_FALSE(payload_is_response(sample(p), 17));
  p[0] = (4U << 3) | 4U;  // server mode
  EXPECT_TRUE(payload_is_response(sample(p), 17));
  p.resize(50);  // no NTP length
  EXPECT_FALSE(payload_is_response(sample(p), 17));
}

TEST(ResponsePayload, SnmpGetResponseButNotGetRequest) {
  // SEQUENCE, version 1 (v2c), community "public", GetResponse-PDU.
  std::vector<std::uint8_t> p{0x30, 0x29, 0x02, 0x01, 0x01, 0x04, 0x06, 'p', 'u', 'b', 'l', 'i', 'c', 0xA2, 0x1c};
  EXPECT_TRUE(payload_is_response(sample(p), 17));
  p[13] = 0xA0;  // GetRequest
  EXPECT_FALSE(payload_is_response(sample(p), 17));
}

TEST(ResponsePayload, TlsServerHelloButNotClientHello) {
  std::vector<std::uint8_t> p{0x16, 0x03, 0x03, 0x00, 0x5a, 0x02, 0x00, 0x00, 0x56, 0x03, 0x03};
  EXPECT_TRUE(payload_is_response(sample(p), 6));
  p[5] = 0x01;
  EXPECT_FALSE(payload_is_response(sample(p), 6));
  EXPECT_FALSE(payload_is_response(sample({0x16, 0x03, 0x03, 0x00, 0x5a, 0x02}), 17));  // TCP only
}

TEST(ResponsePayload, HttpStatusLineButNotRequest) {
  EXPECT_TRUE(payload_is_response(sample(test::bytes_of("HTTP/1.1 404 Not Found\r\n")), 6));
  EXPECT_FALSE(payload_is_response(sample(test::bytes_of("GET / HTTP/1.1\r\nHost: x\r\n")), 6));
}

}  // namespace
}  // namespace gp
