// The feature catalogue is the one list rules, --explain and docs/rules.md's table read: names
// unique and findable, types and units consistent, and each closed vocabulary equal to the
// words its producer actually writes (registry standings, Zeek conn_state, transports).
// The protocol vocabulary is checked against classify/protocol in tests/unit/protocol, and
// the scan-tool vocabulary against classify/scan in tests/unit/annotate.
#include "classify/features/feature_catalog.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string>

#include "capture/flow/conn_record.hpp"
#include "classify/features/conversation.hpp"
#include "classify/features/conversation_features.hpp"
#include "classify/registry/standing.hpp"

namespace gp {
namespace {

std::set<std::string_view> words(std::span<const std::string_view> v) { return {v.begin(), v.end()}; }

std::span<const std::string_view> vocabulary_of(std::string_view feature) {
  const auto id = find_feature(feature);
  EXPECT_TRUE(id.has_value()) << feature;
  return id ? feature_def(*id).allowed_values : std::span<const std::string_view>{};
}

bool snake_case(std::string_view s) {
  if (s.empty() || s.front() == '_' || s.back() == '_' || !(s.front() >= 'a' && s.front() <= 'z')) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }) &&
         s.find("__") == std::string_view::npos;
}

TEST(FeatureCatalog, NamesAreUniqueSnakeCaseAndFindable) {
  std::set<std::string_view> seen;
  const auto catalog = feature_catalog();
  ASSERT_FALSE(catalog.empty());
  for (std::size_t i = 0; i < catalog.size(); ++i) {
    const FeatureDef& f = catalog[i];
    EXPECT_TRUE(seen.insert(f.name).second) << "duplicate feature " << f.name;
    EXPECT_TRUE(snake_case(f.name)) << f.name;
    EXPECT_FALSE(f.description.empty()) << f.name;
    const auto id = find_feature(f.name);
    ASSERT_TRUE(id.has_value()) << f.name;
    EXPECT_EQ(*id, i);
    EXPECT_EQ(feature_def(*id).name, f.name);
  }
  EXPECT_FALSE(find_feature("dst_prot").has_value());
  EXPECT_FALSE(find_feature("").has_value());
  EXPECT_FALSE(find_feature("Port").has_value());
  EXPECT_THROW(feature_def(static_cast<FeatureId>(catalog.size())), std::out_of_range);
}

TEST(FeatureCatalog, OnlyTextFeaturesHaveVocabulariesAndTheirWordsAreUnique) {
  for (const FeatureDef& f : feature_catalog()) {
    if (f.type != FeatureType::text) {
      EXPECT_TRUE(f.allowed_values.empty()) << f.name;
      continue;
    }
    EXPECT_EQ(words(f.allowed_values).size(), f.allowed_values.size()) << "repeated word in " << f.name;
    for (const std::string_view w : f.allowed_values) EXPECT_FALSE(w.empty()) << f.name;
  }
}

TEST(FeatureCatalog, UnitsMatchTypes) {
  for (const FeatureDef& f : feature_catalog()) {
    if (f.type != FeatureType::number) {
      EXPECT_TRUE(f.unit.empty()) << f.name << " is not a number but has unit " << f.unit;
    }
    const bool named_ratio = f.name.ends_with("_ratio") || f.name == "protocol_share" || f.name == "beacon_score";
    if (named_ratio) {
      EXPECT_EQ(f.unit, "ratio") << f.name;
    }
    if (f.unit == "ratio") {
      EXPECT_TRUE(named_ratio) << f.name << " has unit ratio but is not named like one";
    }
  }
}

TEST(FeatureCatalog, StandingVocabularyIsTheRegistrysPlusNone) {
  std::set<std::string_view> expected{"none"};
  for (const registry::Standing s : registry::kAllStandings) expected.insert(registry::to_string(s));
  EXPECT_EQ(words(vocabulary_of("standing")), expected);
}

TEST(FeatureCatalog, ConnStateVocabularyIsZeeks) {
  std::set<std::string_view> expected;
  for (int s = 0; s <= static_cast<int>(ConnState::OTH); ++s) expected.insert(to_string(static_cast<ConnState>(s)));
  EXPECT_EQ(expected.size(), 13U);
  EXPECT_EQ(words(vocabulary_of("conn_state")), expected);
}

TEST(FeatureCatalog, EveryTransportNameIsInTheVocabulary) {
  const auto vocabulary = words(vocabulary_of("transport"));
  std::set<std::string_view> produced;
  for (int p = 0; p < 256; ++p) produced.insert(transport_name(static_cast<std::uint8_t>(p)));
  EXPECT_EQ(produced, vocabulary);
  EXPECT_EQ(transport_name(6), "tcp");
  EXPECT_EQ(transport_name(17), "udp");
  EXPECT_EQ(transport_name(1), "icmp");
  EXPECT_EQ(transport_name(58), "icmp");
  EXPECT_EQ(transport_name(47), "other");
}

// ConversationFeatures and the rules rely on the protocol indices: 0 "none" (no payload),
// 1 "unknown" (payload, no known protocol), then the known ones.
TEST(FeatureCatalog, ProtocolVocabularyStartsWithNoneAndUnknown) {
  const auto v = protocol_vocabulary();
  ASSERT_EQ(v.size(), kProtocolCount);
  EXPECT_EQ(v[0], "none");
  EXPECT_EQ(v[1], "unknown");
  EXPECT_EQ(words(v).size(), v.size());
  for (const char* feature : {"protocol", "server_protocol", "flow_protocol"}) {
    const auto allowed = vocabulary_of(feature);
    EXPECT_TRUE(std::equal(allowed.begin(), allowed.end(), v.begin(), v.end())) << feature;
  }
}

TEST(FeatureCatalog, ScanToolVocabularyStartsWithNone) {
  const auto v = scan_tool_vocabulary();
  ASSERT_FALSE(v.empty());
  EXPECT_EQ(v[0], ClientScanInfo{}.tool);  // what a client nobody flagged reports
  const auto allowed = vocabulary_of("scan_tool");
  EXPECT_TRUE(std::equal(allowed.begin(), allowed.end(), v.begin(), v.end()));
}

}  // namespace
}  // namespace gp
