#include "capture/flow/flow_evidence.hpp"

#include <gtest/gtest.h>

#include <numeric>
#include <vector>

#include "tests/unit/capture/flow/packet_builder.hpp"

namespace gp {

TEST(FlowEvidence, EntropyOfUniformAndConstantBytes) {
  std::vector<std::uint8_t> all(256);
  std::iota(all.begin(), all.end(), 0);
  EXPECT_FLOAT_EQ(shannon_entropy(all), 8.0F);
  const std::vector<std::uint8_t> same(100, 'A');
  EXPECT_FLOAT_EQ(shannon_entropy(same), 0.0F);
}

TEST(FlowEvidence, KeepsFirstPayloadEachWayAndFirstSyn) {
  const test::Endpoint c{test::v4("10.0.0.1"), 40000};
  const test::Endpoint s{test::v4("10.0.0.2"), 3255};
  FlowEvidence e;
  DecodedPacket syn = test::tcp(0, c, s, test::f::S, 0x0a000002, 0);
  syn.ip_id = 54321;
  syn.ttl = 64;
  e.observe(syn, true);
  const std::string hello = "SSH-2.0-OpenSSH_9.2\r\n";
  DecodedPacket data = test::tcp(10, s, c, test::f::PA, 1, 1, static_cast<std::uint32_t>(hello.size()));
  data.payload = {reinterpret_cast<const std::uint8_t*>(hello.data()), hello.size()};
  e.observe(data, false);
  EXPECT_TRUE(e.first_orig_segment.present);
  EXPECT_EQ(e.first_orig_segment.ip_id, 54321);
  EXPECT_EQ(e.first_orig_segment.seq, e.first_orig_segment.dst_v4);  // Mirai's signature
  EXPECT_TRUE(e.first_payload[0].empty());
  EXPECT_EQ(e.first_payload[1].length, hello.size());
  EXPECT_EQ(std::string(e.first_payload[1].view().begin(), e.first_payload[1].view().end()), hello);
  EXPECT_EQ(e.resp_data_packets, 1U);
}

}  // namespace gp
