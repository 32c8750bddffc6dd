// With its server away, a publisher never makes its caller wait: the queue takes what fits,
// the rest is counted as dropped, and close() gives up after its drain time, counting what
// was left.
#include <gtest/gtest.h>

#include "distribute/publisher.hpp"

namespace gp::distribute {
namespace {

TEST(Publisher, ServerAwayCountsInsteadOfWaiting) {
  std::string error;
  // Port 9 (discard) on loopback: nothing listens, connecting is refused at once.
  auto js = JetStream::open(NatsUrl{"127.0.0.1", 9}, "publisher test", error);
  ASSERT_TRUE(js) << error;
  PublisherOptions o;
  o.max_queued = 16;
  o.drain = std::chrono::milliseconds(300);
  Publisher p(std::move(js), new_message_id_prefix("test"), o);
  int accepted = 0;
  for (int i = 0; i < 100; ++i) accepted += p.publish("ghostport.test.summary", std::string(100, 'x')) ? 1 : 0;
  // The queue holds 16; the sending thread may already hold one more, waiting for the server.
  EXPECT_GE(accepted, 16);
  EXPECT_LE(accepted, 17);
  PublisherCounters c = p.counters();
  EXPECT_FALSE(c.connected);
  EXPECT_EQ(c.dropped, static_cast<std::uint64_t>(100 - accepted));
  EXPECT_EQ(c.queued, 16U);
  p.close();
  c = p.counters();
  EXPECT_EQ(c.published, 0U);
  EXPECT_EQ(c.unsent, static_cast<std::uint64_t>(accepted)) << "every accepted message is accounted for";
  EXPECT_EQ(c.queued, 0U);
  EXPECT_FALSE(p.publish("ghostport.test.summary", "late")) << "closed: refused, and counted";
  EXPECT_EQ(p.counters().dropped, static_cast<std::uint64_t>(101 - accepted));
}

TEST(MessageIds, EachRunHasItsOwn) {
  EXPECT_NE(new_message_id_prefix("s"), new_message_id_prefix("s"));
  EXPECT_EQ(new_message_id_prefix("s").rfind("s:", 0), 0U);
}

}  // namespace
}  // namespace gp::distribute
