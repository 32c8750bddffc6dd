// The flow table's slab: elements stay where they were made while it grows, and a chunk
// holds as many as fit its bytes.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <vector>

#include "capture/flow/stable_slab.hpp"

namespace gp {
namespace {

struct FlowSized {  // the flow table's slot is about this large
  std::array<std::uint8_t, 816> bytes{};
  std::uint32_t id = 0;
};

TEST(StableSlab, AChunkFillsItsBytesNotAPowerOfTwoOfElements) {
  using Slab = StableSlab<FlowSized>;
  EXPECT_EQ(Slab::kChunkSize, (std::size_t{256} << 10) / sizeof(FlowSized));
  EXPECT_LE(Slab::kChunkSize * sizeof(FlowSized), std::size_t{256} << 10);
  EXPECT_GT((Slab::kChunkSize + 1) * sizeof(FlowSized), std::size_t{256} << 10);
  // An element larger than the chunk still gets a chunk of its own.
  EXPECT_EQ((StableSlab<FlowSized, 100>::kChunkSize), 1U);
}

TEST(StableSlab, ElementsKeepTheirAddressAndIndexAcrossChunks) {
  StableSlab<FlowSized> slab;
  const std::size_t n = 3 * StableSlab<FlowSized>::kChunkSize + 7;
  std::vector<const FlowSized*> addresses;
  for (std::size_t i = 0; i < n; ++i) {
    FlowSized& e = slab.grow();
    EXPECT_EQ(e.id, 0U);  // default-constructed
    e.id = static_cast<std::uint32_t>(i);
    addresses.push_back(&e);
  }
  ASSERT_EQ(slab.size(), n);
  for (std::size_t i = 0; i < n; ++i) {
    EXPECT_EQ(&slab[i], addresses[i]) << i;
    EXPECT_EQ(slab[i].id, i) << i;
  }
  const auto& read_only = slab;
  EXPECT_EQ(read_only[n - 1].id, n - 1);
}

}  // namespace
}  // namespace gp
