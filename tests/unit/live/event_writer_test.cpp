// Issue 26 item 4: a reader that stops reading (a pipe whose reader sleeps) must not block
// the event writer: writes return at once, what does not fit is dropped and counted, and
// close() gives up after its deadline instead of waiting for the reader.
#include "live/event_writer.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <string>

namespace gp::live {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

TEST(EventWriter, AStalledFifoReaderBlocksNeitherWritesNorClose) {
  const std::string path = ::testing::TempDir() + "/gp_events_fifo" + std::to_string(::getpid());
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  // The reader opens the FIFO and never reads (held by this process, so open() does not wait).
  const int reader = ::open(path.c_str(), O_RDONLY | O_NONBLOCK);
  ASSERT_GE(reader, 0);
  EventWriter writer(path);
  ASSERT_TRUE(writer.open()) << writer.error();
  const Event event = {{"type", "flow"}, {"padding", std::string(1000, 'x')}};
  const auto start = Clock::now();
  constexpr int kEvents = 20'000;  // ~20 MB: far more than a pipe and the writer's buffer hold
  for (int i = 0; i < kEvents; ++i) writer.write(event);
  EXPECT_LT(seconds_since(start), 10.0) << "writes waited for the reader";
  EXPECT_TRUE(writer.ok()) << writer.error();
  EXPECT_GT(writer.dropped(), 0U);
  const auto closing = Clock::now();
  writer.close();
  EXPECT_LT(seconds_since(closing), EventWriter::kCloseDeadlineMs / 1000.0 + 3.0);
  EXPECT_EQ(writer.events() + writer.dropped(), static_cast<std::uint64_t>(kEvents));
  // What the reader gets is whole lines only.
  std::string got(1 << 16, '\0');
  const ::ssize_t n = ::read(reader, got.data(), got.size());
  ASSERT_GT(n, 0);
  EXPECT_EQ(got.substr(0, 10), R"({"type":"f)");
  ::close(reader);
  ::unlink(path.c_str());
}

TEST(EventWriter, AReaderThatKeepsUpGetsEveryEvent) {
  const std::string path = ::testing::TempDir() + "/gp_events_file" + std::to_string(::getpid());
  {
    EventWriter writer(path);
    ASSERT_TRUE(writer.open());
    for (int i = 0; i < 100; ++i) writer.write(Event{{"n", i}});
    writer.close();
    EXPECT_EQ(writer.events(), 100U);
    EXPECT_EQ(writer.dropped(), 0U);
  }
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_GT(st.st_size, 100 * 8);
  ::unlink(path.c_str());
}

}  // namespace
}  // namespace gp::live
