// The live source on the loopback interface: opening errors say what to do, frames arrive
// with nanosecond timestamps, a signal interrupts the wait, counters come from pcap_stats.
// Tests that need to capture skip when not root.
#include "capture/source/live_source.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <csignal>
#include <ctime>
#include <string>

namespace gp {
namespace {

LiveSourceOptions on(const char* interface, const char* filter = "") {
  LiveSourceOptions o;
  o.interface = interface;
  o.filter = filter;
  o.buffer_kib = 1024;
  return o;
}

std::string open_error(const LiveSourceOptions& o) {
  try {
    (void)open_live_source(o);
  } catch (const SourceError& e) {
    return e.what();
  }
  return {};
}

void send_udp(std::uint16_t port, const char* text) {
  const int s = ::socket(AF_INET, SOCK_DGRAM, 0);
  ASSERT_GE(s, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_GT(::sendto(s, text, std::strlen(text), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to), 0);
  ::close(s);
}

TEST(LiveSource, ListsLoopback) {
  bool found = false;
  for (const InterfaceInfo& i : list_interfaces()) found = found || i.name == "lo";
  EXPECT_TRUE(found);
}

TEST(LiveSource, NoSuchInterfaceListsTheAvailableOnes) {
  const std::string e = open_error(on("gp-no-such0"));
  EXPECT_NE(e.find("no such interface 'gp-no-such0'"), std::string::npos) << e;
  EXPECT_NE(e.find("available: "), std::string::npos) << e;
  EXPECT_NE(e.find("lo"), std::string::npos) << e;
}

TEST(LiveSource, NoInterfaceNamed) { EXPECT_NE(open_error(on("")).find("no interface given"), std::string::npos); }

TEST(LiveSource, InvalidFilterIsNamed) {
  if (::geteuid() != 0) GTEST_SKIP() << "capturing needs root";
  const std::string e = open_error(on("lo", "tcp port banana"));
  EXPECT_NE(e.find("invalid BPF filter 'tcp port banana'"), std::string::npos) << e;
  EXPECT_NE(e.find("pcap-filter(7)"), std::string::npos) << e;
}

TEST(LiveSource, PermissionDeniedNamesTheCapability) {
  if (::geteuid() == 0) GTEST_SKIP() << "tested as nobody by tests/live/live_cli_test.sh";
  const std::string e = open_error(on("lo"));
  EXPECT_NE(e.find("permission denied"), std::string::npos) << e;
  EXPECT_NE(e.find("CAP_NET_RAW"), std::string::npos) << e;
}

TEST(LiveSource, ReadsFramesFromLoopback) {
  if (::geteuid() != 0) GTEST_SKIP() << "capturing needs root";
  auto src = open_live_source(on("lo", "udp port 39555"));
  EXPECT_EQ(src->link_type(), 1);  // EN10MB: Linux loopback has Ethernet headers
  EXPECT_EQ(src->snaplen(), 262'144U);
  RawFrame frame;
  EXPECT_EQ(src->next_live(frame, 50, nullptr), LiveRead::idle);
  const auto before = std::chrono::system_clock::now();
  send_udp(39555, "hello ghostport");
  LiveRead r = LiveRead::idle;
  for (int i = 0; i < 50 && r != LiveRead::frame; ++i) r = src->next_live(frame, 100, nullptr);
  ASSERT_EQ(r, LiveRead::frame);
  EXPECT_EQ(frame.number, 1U);
  EXPECT_EQ(frame.wire_len, 14U + 20U + 8U + 15U);
  EXPECT_EQ(frame.bytes.size(), frame.wire_len);
  const auto ts = std::chrono::system_clock::time_point(std::chrono::nanoseconds(frame.ts));
  EXPECT_LT(std::chrono::abs(ts - before), std::chrono::seconds(5));
  EXPECT_GE(src->stats().received, 1U);
  EXPECT_EQ(src->stats().kernel_drops, 0U);
}

TEST(LiveSource, BatchModeHandsFramesOverWithinItsTimeout) {
  if (::geteuid() != 0) GTEST_SKIP() << "capturing needs root";
  LiveSourceOptions o = on("lo", "udp port 39557");
  o.batch_ms = 20;
  auto src = open_live_source(o);
  RawFrame frame;
  send_udp(39557, "batched");
  const auto start = std::chrono::steady_clock::now();
  LiveRead r = LiveRead::idle;
  for (int i = 0; i < 50 && r != LiveRead::frame; ++i) r = src->next_live(frame, 100, nullptr);
  ASSERT_EQ(r, LiveRead::frame);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  EXPECT_EQ(frame.wire_len, 14U + 20U + 8U + 7U);
}

void on_usr1(int /*unused*/) {}

TEST(LiveSource, SignalInterruptsTheWait) {
  if (::geteuid() != 0) GTEST_SKIP() << "capturing needs root";
  auto src = open_live_source(on("lo", "udp port 39556"));
  struct sigaction sa {};
  sa.sa_handler = on_usr1;
  ASSERT_EQ(::sigaction(SIGUSR1, &sa, nullptr), 0);
  sigset_t block;
  sigset_t wait_mask;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  ASSERT_EQ(::sigprocmask(SIG_BLOCK, &block, &wait_mask), 0);
  sigdelset(&wait_mask, SIGUSR1);
  ::raise(SIGUSR1);  // pending while blocked: delivered inside the wait, not lost before it
  RawFrame frame;
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(src->next_live(frame, 5000, &wait_mask), LiveRead::interrupted);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  ::sigprocmask(SIG_UNBLOCK, &block, nullptr);
}

}  // namespace
}  // namespace gp
