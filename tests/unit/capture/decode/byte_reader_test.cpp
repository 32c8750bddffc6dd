#include "capture/decode/byte_reader.hpp"

#include <gtest/gtest.h>

#include <array>

namespace gp {
namespace {

TEST(ByteReader, BigEndianLoadsAndBoundsChecks) {
  constexpr std::array<std::uint8_t, 5> bytes{0x12, 0x34, 0x56, 0x78, 0x9a};
  const ByteReader r(bytes);
  EXPECT_EQ(r.u16(0), 0x1234);
  EXPECT_EQ(r.u32(1), 0x3456789aU);
  EXPECT_EQ(r.u16le(0), 0x3412);
  EXPECT_TRUE(r.has(1, 4));
  EXPECT_FALSE(r.has(2, 4));
  EXPECT_FALSE(r.has(6, 0));
  EXPECT_FALSE(r.has(1, SIZE_MAX));  // no overflow in the range check
  EXPECT_EQ(r.u32(2), 0U);           // past the end reads as zero, never beyond
  EXPECT_EQ(r.rest(5).size(), 0U);
  EXPECT_EQ(r.rest(9).size(), 0U);
  EXPECT_EQ(r.sub(3, 10).size(), 2U);
}

}  // namespace
}  // namespace gp
