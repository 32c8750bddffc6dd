// SensorHealth's state machine on a made-up clock: one event per change of state (down, up,
// silent, resumed), silence not raised while the link is down nor measured across it, and a
// removed interface reported to the caller.
#include "live/sensor_health.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/support/temp_path.hpp"

namespace gp::live {
namespace {

namespace fs = std::filesystem;
constexpr TimeNs kSecond = 1'000'000'000;

class SensorHealthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = gp::test::temp_path("health.jsonl");
    fs::remove(path_);
    ASSERT_TRUE(events_.open());
  }
  void TearDown() override { fs::remove(path_); }

  // The `status` of every health event written so far, with one extra field if present.
  std::vector<std::string> statuses() {
    events_.flush();
    std::vector<std::string> out;
    std::ifstream in(path_);
    for (std::string line; std::getline(in, line);) {
      const auto e = nlohmann::json::parse(line);
      EXPECT_EQ(e["event"], "health");
      EXPECT_EQ(e["interface"], "eth9");
      std::string s = e["status"];
      if (e.contains("down_seconds")) s += " down=" + std::to_string(e["down_seconds"].get<int>());
      if (e.contains("silent_seconds")) s += " silent=" + std::to_string(e["silent_seconds"].get<int>());
      out.push_back(s);
    }
    return out;
  }

  fs::path path_;
  EventWriter events_{gp::test::temp_path("health.jsonl").string()};
};

TEST_F(SensorHealthTest, SilenceRaisesOneAlarmAndOneAllClear) {
  SensorHealth h("eth9", HealthOptions{10 * kSecond, true}, events_, 100 * kSecond);
  h.packet(101 * kSecond);
  for (TimeNs t = 102; t <= 130; ++t) ASSERT_TRUE(h.tick(LinkState::up, t * kSecond));  // alarm at 111
  h.packet(131 * kSecond);
  h.packet(132 * kSecond);
  ASSERT_TRUE(h.tick(LinkState::up, 133 * kSecond));
  EXPECT_EQ(statuses(), (std::vector<std::string>{"no_packets silent=10", "packets_resumed silent=30"}));
  EXPECT_EQ(h.silence_count(), 1U);
}

TEST_F(SensorHealthTest, NoAlarmWhileDownAndSilenceCountsFromTheLinksReturn) {
  SensorHealth h("eth9", HealthOptions{10 * kSecond, true}, events_, 0);
  h.packet(1 * kSecond);
  h.link_down(2 * kSecond);
  for (TimeNs t = 3; t <= 40; ++t) ASSERT_TRUE(h.tick(LinkState::down, t * kSecond));  // no alarm while down
  ASSERT_TRUE(h.tick(LinkState::up, 41 * kSecond));
  for (TimeNs t = 42; t <= 50; ++t) ASSERT_TRUE(h.tick(LinkState::up, t * kSecond));  // 9 s after the return
  EXPECT_EQ(statuses(), (std::vector<std::string>{"interface_down", "interface_up down=39"}));
  ASSERT_TRUE(h.tick(LinkState::up, 51 * kSecond));
  EXPECT_EQ(statuses().back(), "no_packets silent=10");
  EXPECT_EQ(h.down_count(), 1U);
}

TEST_F(SensorHealthTest, APacketWhileDownMeansTheLinkIsBack) {
  SensorHealth h("eth9", HealthOptions{0, true}, events_, 0);
  ASSERT_TRUE(h.tick(LinkState::down, 5 * kSecond));
  h.link_down(6 * kSecond);  // said again by the capture: still one event
  EXPECT_TRUE(h.down());
  h.packet(8 * kSecond);
  EXPECT_FALSE(h.down());
  for (TimeNs t = 9; t <= 500; ++t) ASSERT_TRUE(h.tick(LinkState::up, t * kSecond));  // alarm off
  EXPECT_EQ(statuses(), (std::vector<std::string>{"interface_down", "interface_up down=3"}));
}

TEST_F(SensorHealthTest, SilenceCountsFromTheStartOfCaptureNotFromTheSetup) {
  SensorHealth h("eth9", HealthOptions{10 * kSecond, true}, events_, 0);
  h.capture_started(8 * kSecond);  // loading the rules and the registry took 8 s
  for (TimeNs t = 9; t <= 17; ++t) ASSERT_TRUE(h.tick(LinkState::up, t * kSecond));
  EXPECT_TRUE(statuses().empty());
  ASSERT_TRUE(h.tick(LinkState::up, 18 * kSecond));
  EXPECT_EQ(statuses(), (std::vector<std::string>{"no_packets silent=10"}));
}

TEST_F(SensorHealthTest, ARemovedInterfaceEndsTheRun) {
  SensorHealth h("eth9", HealthOptions{}, events_, 0);
  EXPECT_TRUE(h.tick(LinkState::up, kSecond));
  EXPECT_FALSE(h.tick(LinkState::gone, 2 * kSecond));
}

}  // namespace
}  // namespace gp::live
