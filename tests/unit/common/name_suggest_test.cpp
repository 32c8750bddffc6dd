#include "common/name_suggest.hpp"

#include <gtest/gtest.h>

#include <array>

namespace gp {
namespace {

TEST(NameSuggest, TranspositionIsOneEdit) {
  EXPECT_EQ(edit_distance("prot", "port"), 1U);
  EXPECT_EQ(edit_distance("flows", "flows"), 0U);
  EXPECT_EQ(edit_distance("", "abc"), 3U);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3U);
}

TEST(NameSuggest, NearestIsTheClosestPlausibleName) {
  constexpr std::array<std::string_view, 4> names{"port", "ports", "flows", "client_ports"};
  EXPECT_EQ(nearest_name("prot", names), "port");
  EXPECT_EQ(nearest_name("flowz", names), "flows");
  EXPECT_EQ(nearest_name("client_prots", names), "client_ports");
  EXPECT_FALSE(nearest_name("entropy", names));
  EXPECT_EQ(did_you_mean("prot", names), " (did you mean 'port'?)");
  EXPECT_EQ(did_you_mean("entropy", names), "");
}

}  // namespace
}  // namespace gp
