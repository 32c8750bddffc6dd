#include "capture/flow/flow_evidence.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <numeric>
#include <random>
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

// The entropy from a table of c·log2(c) is the textbook -Σ p·log2(p), for payloads of every
// size (counts past the table's 2,048 included) and skew.
TEST(FlowEvidence, EntropyIsTheTextbookFormula) {
  const auto textbook = [](const std::vector<std::uint8_t>& bytes) {
    std::array<double, 256> counts{};
    for (std::uint8_t b : bytes) ++counts[b];
    double h = 0.0;
    for (double c : counts) {
      if (c > 0) h -= c / static_cast<double>(bytes.size()) * std::log2(c / static_cast<double>(bytes.size()));
    }
    return h;
  };
  std::mt19937 random(11);
  for (const std::size_t size : {1U, 2U, 3U, 20U, 64U, 300U, 1460U, 9000U, 65535U}) {
    for (const unsigned alphabet : {1U, 2U, 5U, 26U, 256U}) {
      std::vector<std::uint8_t> bytes(size);
      for (auto& b : bytes) b = static_cast<std::uint8_t>(random() % alphabet);
      SCOPED_TRACE(testing::Message() << size << " bytes over " << alphabet << " values");
      EXPECT_NEAR(shannon_entropy(bytes), textbook(bytes), 1e-5);
    }
  }
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
