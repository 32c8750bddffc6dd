#include "capture/decode/counters.hpp"

#include <gtest/gtest.h>

#include <set>

namespace gp {
namespace {

TEST(Counters, DescribeUndecodedLinkTypeWithLibpcapName) {
  EXPECT_EQ(describe_undecoded(UndecodedLayer::link_type, 127, 1204),
            "1,204 packets of link type 127 (IEEE802_11_RADIO) not decoded");
  EXPECT_EQ(describe_undecoded(UndecodedLayer::link_type, 147, 1), "1 packet of link type 147 not decoded");
}

TEST(Counters, DescribePppAndLlc) {
  EXPECT_EQ(describe_undecoded(UndecodedLayer::ppp_protocol, 0xc021, 24),
            "24 packets of PPP protocol 0xc021 (LCP) not decoded");
  EXPECT_EQ(describe_undecoded(UndecodedLayer::llc_sap, 0x42, 1234567),
            "1,234,567 packets of 802.2 LLC DSAP 0x42 (STP) not decoded");
}

TEST(Counters, AnomalyNamesAreSnakeCaseAndDistinct) {
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < static_cast<std::size_t>(Anomaly::count_); ++i) {
    const std::string_view name = to_string(static_cast<Anomaly>(i));
    EXPECT_NE(name, "unknown_anomaly");
    EXPECT_EQ(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_"), std::string_view::npos) << name;
    names.insert(name);
  }
  EXPECT_EQ(names.size(), static_cast<std::size_t>(Anomaly::count_));
}

}  // namespace
}  // namespace gp
