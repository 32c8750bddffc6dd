// Community ID v1 must equal what Zeek and the spec's reference implementation produce:
// every hash Zeek printed for the communityid traces, and the spec's baseline table.
#include "capture/flow/community_id.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace gp {
namespace {

// Built with inet_pton so this test depends on nothing but the function under test.
IpAddress ip(const std::string& text) {
  std::array<std::uint8_t, 16> b{};
  if (inet_pton(AF_INET, text.c_str(), b.data()) == 1) {
    return IpAddress::from_v4(std::span<const std::uint8_t, 4>(b.data(), 4));
  }
  if (inet_pton(AF_INET6, text.c_str(), b.data()) == 1) {
    return IpAddress::from_v6(b);
  }
  ADD_FAILURE() << "not an address: " << text;
  return {};
}

struct ZeekLine {
  std::string file;
  std::string text;
  std::string orig_h, resp_h, expected;
  std::uint16_t orig_p = 0, resp_p = 0;
  std::uint8_t proto = 0;
};

// The text after "key=" up to the next ',' or '/' (ports print as "80/tcp").
std::optional<std::string> value_after(const std::string& line, const std::string& key) {
  const std::size_t at = line.find(key + "=");
  if (at == std::string::npos) return std::nullopt;
  const std::size_t begin = at + key.size() + 1;
  const std::size_t end = line.find_first_of(",/", begin);
  if (end == std::string::npos) return std::nullopt;
  return line.substr(begin, end - begin);
}

// Lines as Zeek's community-id btest prints them (std::regex is avoided: GCC 12 warns inside
// it under the sanitizer build):
// [orig_h=A, orig_p=P/tcp, resp_h=B, resp_p=Q/tcp, proto=6, ctx=[]], 1:BASE64=
std::optional<ZeekLine> parse_zeek_line(const std::string& line) {
  const auto orig_h = value_after(line, "[orig_h");
  const auto orig_p = value_after(line, "orig_p");
  const auto resp_h = value_after(line, "resp_h");
  const auto resp_p = value_after(line, "resp_p");
  const auto proto = value_after(line, "proto");
  const std::size_t id = line.rfind("], 1:");
  if (!orig_h || !orig_p || !resp_h || !resp_p || !proto || id == std::string::npos) return std::nullopt;
  ZeekLine z;
  z.text = line;
  z.orig_h = *orig_h;
  z.orig_p = static_cast<std::uint16_t>(std::stoul(*orig_p));
  z.resp_h = *resp_h;
  z.resp_p = static_cast<std::uint16_t>(std::stoul(*resp_p));
  z.proto = static_cast<std::uint8_t>(std::stoul(*proto));
  z.expected = line.substr(id + 3);
  return z;
}

std::vector<ZeekLine> read_zeek_baselines() {
  std::vector<ZeekLine> out;
  const std::filesystem::path dir = std::filesystem::path(GP_TEST_DATA_DIR) / "external/zeek/communityid";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (!name.ends_with(".community_id.out")) continue;
    std::ifstream in(entry.path());
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      auto z = parse_zeek_line(line);
      if (!z) {
        ADD_FAILURE() << name << ": unparsed line: " << line;
        continue;
      }
      z->file = name;
      out.push_back(*z);
    }
  }
  return out;
}

TEST(CommunityId, EqualsZeekForEveryCommunityIdTraceConnection) {
  const auto lines = read_zeek_baselines();
  // icmp (1) + icmp6 (14) + ipv6 + sctp + tcp + udp; arp has no IP connection.
  ASSERT_GE(lines.size(), 19u);
  for (const auto& z : lines) {
    EXPECT_EQ(community_id_v1(ip(z.orig_h), z.orig_p, ip(z.resp_h), z.resp_p, z.proto), z.expected)
        << z.file << ": " << z.text;
  }
}

TEST(CommunityId, ZeekBaselinesAreDirectionFreeForTwoWayFlows) {
  for (const auto& z : read_zeek_baselines()) {
    const bool icmp = z.proto == 1 || z.proto == 58;
    if (icmp) continue;  // ICMP reversal depends on type, covered by the spec table below
    EXPECT_EQ(community_id_v1(ip(z.resp_h), z.resp_p, ip(z.orig_h), z.orig_p, z.proto), z.expected) << z.text;
  }
}

struct SpecRow {
  const char* src;
  const char* dst;
  std::uint16_t sport;
  std::uint16_t dport;
  std::uint8_t proto;
  std::uint16_t seed;
  const char* expected;
};

// The spec's baseline/README.md tables ("Default settings" and "A custom seed=1 value").
constexpr SpecRow kSpecRows[] = {
    {"1.2.3.4", "5.6.7.8", 1122, 3344, 6, 0, "1:wCb3OG7yAFWelaUydu0D+125CLM="},
    {"5.6.7.8", "1.2.3.4", 3344, 1122, 6, 0, "1:wCb3OG7yAFWelaUydu0D+125CLM="},
    {"1.2.3.4", "5.6.7.8", 1122, 3344, 17, 0, "1:0Mu9InQx6z4ZiCZM/7HXi2WMhOg="},
    {"5.6.7.8", "1.2.3.4", 3344, 1122, 17, 0, "1:0Mu9InQx6z4ZiCZM/7HXi2WMhOg="},
    {"1.2.3.4", "5.6.7.8", 1122, 3344, 132, 0, "1:EKt4MsxuyaE6mL+hmrEkQ9csDD8="},
    {"5.6.7.8", "1.2.3.4", 3344, 1122, 132, 0, "1:EKt4MsxuyaE6mL+hmrEkQ9csDD8="},
    {"1.2.3.4", "5.6.7.8", 8, 0, 1, 0, "1:crodRHL2FEsHjbv3UkRrfbs4bZ0="},
    {"5.6.7.8", "1.2.3.4", 0, 0, 1, 0, "1:crodRHL2FEsHjbv3UkRrfbs4bZ0="},
    {"1.2.3.4", "5.6.7.8", 11, 0, 1, 0, "1:f/YiSyWqczrTgfUCZlBUnvHRcPk="},
    {"fe80:0001:0203:0405:0607:0809:0A0B:0C0D", "fe80:1011:1213:1415:1617:1819:1A1B:1C1D", 128, 0, 58, 0,
     "1:0bf7hyMJUwt3fMED7z8LIfRpBeo="},
    {"fe80:1011:1213:1415:1617:1819:1A1B:1C1D", "fe80:0001:0203:0405:0607:0809:0A0B:0C0D", 129, 0, 58, 0,
     "1:0bf7hyMJUwt3fMED7z8LIfRpBeo="},
    {"fe80:0001:0203:0405:0607:0809:0A0B:0C0D", "fe80:1011:1213:1415:1617:1819:1A1B:1C1D", 146, 0, 58, 0,
     "1:fYC8+pz24E+EhANP1EZhpX0Dw10="},
    {"1.2.3.4", "5.6.7.8", 0, 0, 46, 0, "1:ikv3kmf89luf73WPz1jOs49S768="},
    {"5.6.7.8", "1.2.3.4", 0, 0, 46, 0, "1:ikv3kmf89luf73WPz1jOs49S768="},
    {"fe80:0001:0203:0405:0607:0809:0A0B:0C0D", "fe80:1011:1213:1415:1617:1819:1A1B:1C1D", 0, 0, 46, 0,
     "1:wQ/2mwrnXP4lmJcHdGL5ePjR+e0="},
    {"fe80:1011:1213:1415:1617:1819:1A1B:1C1D", "fe80:0001:0203:0405:0607:0809:0A0B:0C0D", 0, 0, 46, 0,
     "1:wQ/2mwrnXP4lmJcHdGL5ePjR+e0="},
    {"1.2.3.4", "5.6.7.8", 1122, 3344, 6, 1, "1:HhA1B+6CoLbiKPEs5nhNYN4XWfk="},
    {"5.6.7.8", "1.2.3.4", 3344, 1122, 6, 1, "1:HhA1B+6CoLbiKPEs5nhNYN4XWfk="},
    {"1.2.3.4", "5.6.7.8", 1122, 3344, 17, 1, "1:OShq+iKDAMVouh/4bMxB9Sz4amw="},
    {"1.2.3.4", "5.6.7.8", 1122, 3344, 132, 1, "1:uitchpn5MMGAQKBJh7bIr/bAr7s="},
    {"1.2.3.4", "5.6.7.8", 8, 0, 1, 1, "1:9pr4ZGTICiuZoIh90RRYE2RyXpU="},
    {"5.6.7.8", "1.2.3.4", 0, 0, 1, 1, "1:9pr4ZGTICiuZoIh90RRYE2RyXpU="},
    {"1.2.3.4", "5.6.7.8", 11, 0, 1, 1, "1:1DD7cWGC/Yg91YGsQeni8du3pIA="},
    {"fe80:0001:0203:0405:0607:0809:0A0B:0C0D", "fe80:1011:1213:1415:1617:1819:1A1B:1C1D", 128, 0, 58, 1,
     "1:IO27GQzPuCtNnwFvjWALMHu5tJE="},
    {"fe80:0001:0203:0405:0607:0809:0A0B:0C0D", "fe80:1011:1213:1415:1617:1819:1A1B:1C1D", 146, 0, 58, 1,
     "1:Cv4IKJe56BNkF0MBW2YxQ3Nwc3s="},
    {"1.2.3.4", "5.6.7.8", 0, 0, 46, 1, "1:/buhqeOmaRCopOZFy9HnoJd5XW8="},
    {"fe80:0001:0203:0405:0607:0809:0A0B:0C0D", "fe80:1011:1213:1415:1617:1819:1A1B:1C1D", 0, 0, 46, 1,
     "1:j6EyyfBzL4vWKHFXgUqb5Az3OxM="},
};

TEST(CommunityId, MatchesSpecBaselineTable) {
  for (const auto& r : kSpecRows) {
    EXPECT_EQ(community_id_v1(ip(r.src), r.sport, ip(r.dst), r.dport, r.proto, r.seed), r.expected)
        << r.src << ":" << r.sport << " -> " << r.dst << ":" << r.dport << " proto " << int{r.proto} << " seed "
        << r.seed;
  }
}

TEST(CommunityId, OneWayIcmpKeepsItsDirection) {
  // Time exceeded (11) has no counterpart: swapping the endpoints is a different flow.
  EXPECT_NE(community_id_v1(ip("1.2.3.4"), 11, ip("5.6.7.8"), 0, 1),
            community_id_v1(ip("5.6.7.8"), 11, ip("1.2.3.4"), 0, 1));
}

TEST(CommunityId, PortsOfPortlessProtocolsAreIgnored) {
  EXPECT_EQ(community_id_v1(ip("1.2.3.4"), 1234, ip("5.6.7.8"), 80, 46),
            community_id_v1(ip("1.2.3.4"), 0, ip("5.6.7.8"), 0, 46));
}

TEST(CommunityId, ZeekStyleIcmpIdHashesLikeTypeAndCode) {
  // Zeek's conn id puts the counterpart type in resp_p (8 -> 0, 134 -> 133); the spec wants the
  // code there. Both must agree so the flow table can pass Zeek's id unchanged.
  EXPECT_EQ(community_id_v1(ip("fe80::1"), 134, ip("ff02::1"), 133, 58),
            community_id_v1(ip("fe80::1"), 134, ip("ff02::1"), 0, 58));
}

}  // namespace
}  // namespace gp
