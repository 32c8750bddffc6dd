// Not a check: prints every flow of the shared captures with our verdict, for a person to
// review (run with --gtest_also_run_disabled_tests --gtest_filter='*PrintEveryFlow*').
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "tests/unit/classify/protocol/capture_flows.hpp"

namespace gp {
namespace {

std::string hex(const PayloadSample& p) {
  std::string out = std::to_string(p.length) + ":";
  for (std::size_t i = 0; i < p.size && i < 24; ++i) {
    static constexpr char kDigits[] = "0123456789abcdef";
    out += kDigits[p.bytes[i] >> 4U];
    out += kDigits[p.bytes[i] & 15U];
  }
  return out;
}

TEST(ProtocolReview, DISABLED_PrintEveryFlow) {
  const std::filesystem::path root = std::filesystem::path(GP_TEST_DATA_DIR) / "external";
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    const auto ext = e.path().extension();
    if (ext != ".pcap" && ext != ".pcapng") continue;
    const std::string rel = std::filesystem::relative(e.path(), root).string();
    std::vector<test::IdentifiedFlow> flows;
    try {
      flows = test::identify_trace(rel);
    } catch (const std::exception&) {
      continue;
    }
    for (const auto& f : flows) {
      if (f.guess.protocol == Protocol::none) continue;
      std::printf("%s\t%u\t%s:%u\t%s:%u\t%s\t%s\t%s=%s\t%s\t%s\n", rel.c_str(), f.ip_proto, f.orig_h.c_str(), f.orig_p,
                  f.resp_h.c_str(), f.resp_p, std::string(to_string(f.guess.protocol)).c_str(),
                  std::string(to_string(f.guess.confidence)).c_str(), std::string(f.guess.detail_kind).c_str(),
                  std::string(f.guess.detail.view()).c_str(), hex(f.evidence.first_payload[0]).c_str(),
                  hex(f.evidence.first_payload[1]).c_str());
    }
  }
}

}  // namespace
}  // namespace gp
