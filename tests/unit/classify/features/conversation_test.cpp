// What one finished flow says about its conversation (completed, answered, refused, never
// answered, unsolicited; bytes and first-payload entropy from the client's side), and how a
// conversation adds its flows up.
#include "classify/features/conversation.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/unit/classify/features/flow_builder.hpp"

namespace gp {
namespace {

using test::FlowBuilder;

FlowOutcome outcome_of(const FlowBuilder& b, std::uint8_t client_protocol = 0, std::uint8_t server_protocol = 0) {
  return flow_outcome(b.flow(), b.record(), orient(b.flow(), b.record()), client_protocol, server_protocol);
}

ConversationStats stats_of(std::initializer_list<FlowBuilder> flows) {
  ConversationStats s;
  for (const FlowBuilder& b : flows) s.add(b.record(), outcome_of(b));
  return s;
}

std::string text(std::size_t n) {
  static constexpr std::string_view kLine = "GET /index.html HTTP/1.1\r\nHost: intranet.example\r\nAccept: */*\r\n";
  std::string s;
  while (s.size() < n) s += kLine;
  s.resize(n);
  return s;
}

TEST(FlowOutcome, CompletedSessionIsAnsweredWithClientData) {
  const FlowOutcome o = outcome_of(test::tcp_session("10.0.0.5", 40000, "10.0.0.9", 3206, 150, 1000));
  EXPECT_TRUE(o.completed);
  EXPECT_TRUE(o.answered);
  EXPECT_FALSE(o.rejected);
  EXPECT_TRUE(o.client_data);
  EXPECT_FALSE(o.unsolicited);
  EXPECT_EQ(o.client_bytes, 150U);
  EXPECT_EQ(o.server_bytes, 1000U);
}

TEST(FlowOutcome, HandshakeAndAckWithoutDataIsASession) {
  FlowBuilder b("10.0.0.5", 40000, "10.0.0.9", 3206);
  b.history("ShAFf").state(ConnState::SF).pkts(3, 2);
  const FlowOutcome o = outcome_of(b);
  EXPECT_TRUE(o.completed);
  EXPECT_FALSE(o.client_data);
}

TEST(FlowOutcome, SynAckNeverAcknowledgedIsAnsweredButNotASession) {
  FlowBuilder b("10.0.0.5", 40000, "10.0.0.9", 3206);
  b.history("Sh").state(ConnState::S1).pkts(1, 1);
  const FlowOutcome o = outcome_of(b);
  EXPECT_TRUE(o.answered);
  EXPECT_FALSE(o.completed);
  EXPECT_FALSE(o.rejected);
}

TEST(FlowOutcome, SynRefusedWithRstIsRejectedAndAnswered) {
  const FlowOutcome o = outcome_of(test::tcp_refused("10.0.0.5", 40000, "10.0.0.9", 3492));
  EXPECT_TRUE(o.rejected);
  EXPECT_TRUE(o.answered);
  EXPECT_FALSE(o.completed);
  EXPECT_FALSE(o.client_data);
}

TEST(FlowOutcome, ServerResetAfterASessionIsNotARefusal) {
  FlowBuilder b("10.0.0.5", 40000, "10.0.0.9", 3206);
  b.history("ShADadR").state(ConnState::RSTR).bytes(100, 300).pkts(4, 4);
  const FlowOutcome o = outcome_of(b);
  EXPECT_TRUE(o.completed);
  EXPECT_FALSE(o.rejected);
}

TEST(FlowOutcome, ServerResetOfAMidStreamPickupWithoutAnswerIsARefusal) {
  FlowBuilder b("10.0.0.5", 40000, "10.0.0.9", 3206);
  b.history("Dr").state(ConnState::RSTR).bytes(50, 0).pkts(1, 1);
  const FlowOutcome o = outcome_of(b);
  EXPECT_TRUE(o.rejected);
  EXPECT_FALSE(o.completed);
}

TEST(FlowOutcome, UnansweredSynIsNeitherAnsweredNorRejected) {
  const FlowOutcome o = outcome_of(test::tcp_unanswered("10.0.0.5", 40000, "10.0.0.9", 3233));
  EXPECT_FALSE(o.answered);
  EXPECT_FALSE(o.rejected);
  EXPECT_FALSE(o.completed);
}

TEST(FlowOutcome, IcmpUnreachableQuotingTheFlowIsARefusal) {
  FlowBuilder b("10.20.2.34", 53000, "10.20.1.12", 3255, 17);
  b.history("D").state(ConnState::S0).bytes(65, 0).pkts(1, 0).icmp_errors(1);
  const FlowOutcome o = outcome_of(b);
  EXPECT_TRUE(o.rejected);
  EXPECT_FALSE(o.answered);
  EXPECT_FALSE(o.completed);
  EXPECT_TRUE(o.client_data);
}

TEST(FlowOutcome, UdpIsASessionOnlyWithDataBothWays) {
  FlowBuilder both("10.0.0.5", 53000, "10.0.0.9", 3780, 17);
  both.history("Dd").state(ConnState::SF).bytes(40, 400).pkts(1, 1);
  FlowBuilder one_way("10.0.0.5", 53001, "10.0.0.9", 3780, 17);
  one_way.history("D").state(ConnState::S0).bytes(40, 0).pkts(1, 0);
  EXPECT_TRUE(outcome_of(both).completed);
  EXPECT_TRUE(outcome_of(both).answered);
  EXPECT_FALSE(outcome_of(one_way).completed);
  EXPECT_FALSE(outcome_of(one_way).answered);
}

TEST(FlowOutcome, BackscatterIsUnsolicitedNeverAnsweredOrRefused) {
  FlowBuilder b("203.0.113.134", 3255, "10.20.2.139", 40002);
  b.history("R").state(ConnState::OTH).pkts(1, 0);
  const FlowOutcome o = outcome_of(b);
  EXPECT_TRUE(o.unsolicited);
  EXPECT_FALSE(o.answered);  // the "server" sent packets, but nobody asked it anything
  EXPECT_FALSE(o.rejected);
  EXPECT_FALSE(o.completed);
}

TEST(FlowOutcome, ClientOnTheResponderSideGetsTheResponderBytesAndPayload) {
  // The NTP client on port 123 that Zeek flipped: the client is Zeek's responder.
  FlowBuilder b("10.20.1.26", 3480, "10.20.2.34", 123, 17);
  const auto random = test::random_bytes(300);
  b.history("^d").state(ConnState::SHR).bytes(0, 300).pkts(0, 1).resp_payload(random);
  const FlowOutcome o = outcome_of(b, 20, 0);
  EXPECT_EQ(o.client_bytes, 300U);
  EXPECT_EQ(o.server_bytes, 0U);
  EXPECT_TRUE(o.client_data);
  EXPECT_FALSE(o.answered);
  EXPECT_EQ(o.client_protocol, 20);
  EXPECT_FLOAT_EQ(o.client_entropy, shannon_entropy(random));
  EXPECT_EQ(o.client_entropy_sample, 300U);
}

TEST(FlowOutcome, EntropyIsTheClientsFirstPayloadNeverTheServers) {
  auto b = test::tcp_session("10.0.0.5", 40000, "10.0.0.9", 3206, 0, 1000);
  b.resp_payload(test::random_bytes(1000));
  EXPECT_LT(outcome_of(b).client_entropy, 0.0F);  // the client said nothing
  b.orig_payload(test::bytes_of(text(200)));
  const FlowOutcome o = outcome_of(b);
  EXPECT_NEAR(o.client_entropy, shannon_entropy(test::bytes_of(text(200))), 1e-6);
  EXPECT_EQ(o.client_entropy_sample, 200U);
}

TEST(LooksRandom, NeedsAtLeast128Bytes) {
  EXPECT_FALSE(looks_random(8.0F, 127));
  EXPECT_FALSE(looks_random(8.0F, 0));
  EXPECT_FALSE(looks_random(-1.0F, 1460));
}

// n random bytes measure about 8 - 255 / (2 n ln 2) bits/byte: the bar rises with n, so a
// value that is random for 128 bytes is structure for a full segment.
TEST(LooksRandom, ThresholdFollowsTheSampleSize) {
  EXPECT_TRUE(looks_random(6.3F, 128));
  EXPECT_FALSE(looks_random(6.1F, 128));
  EXPECT_FALSE(looks_random(6.3F, 1460));
  EXPECT_TRUE(looks_random(7.6F, 1460));
  EXPECT_FALSE(looks_random(7.4F, 1460));
}

TEST(LooksRandom, RandomBytesPassAndStructuredBytesDoNot) {
  for (const std::size_t n : {128U, 200U, 256U, 512U, 1460U}) {
    for (const std::uint32_t seed : {1U, 7U, 12345U}) {
      const auto random = test::random_bytes(n, seed);
      EXPECT_TRUE(looks_random(shannon_entropy(random), static_cast<std::uint32_t>(n))) << n << " seed " << seed;
    }
    const auto http = test::bytes_of(text(n));
    EXPECT_FALSE(looks_random(shannon_entropy(http), static_cast<std::uint32_t>(n))) << n;
    // Base64 carries 6 bits per character at most: encoded, never random-looking.
    std::string b64;
    static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (const std::uint8_t byte : test::random_bytes(n, 99)) b64 += kAlphabet[byte % 64];
    EXPECT_FALSE(looks_random(shannon_entropy(test::bytes_of(b64)), static_cast<std::uint32_t>(n))) << n;
  }
  EXPECT_FALSE(looks_random(shannon_entropy(test::random_bytes(100)), 100));  // too short to tell
}

TEST(ConversationStats, CountsEachOutcomeOnce) {
  const ConversationStats s = stats_of({
      test::tcp_session("10.0.0.5", 40000, "10.0.0.9", 3206, 100, 1000, 0.0),
      test::tcp_refused("10.0.0.5", 40001, "10.0.0.9", 3206, 2.0),
      test::tcp_unanswered("10.0.0.5", 40002, "10.0.0.9", 3206, 4.0),
      test::tcp_session("10.0.0.5", 40003, "10.0.0.9", 3206, 300, 0, 6.0),
  });
  EXPECT_EQ(s.flows, 4U);
  EXPECT_EQ(s.completed, 2U);
  EXPECT_EQ(s.answered, 3U);
  EXPECT_EQ(s.rejected, 1U);
  EXPECT_EQ(s.unanswered, 1U);
  EXPECT_EQ(s.client_data, 2U);
  EXPECT_EQ(s.unsolicited, 0U);
  EXPECT_EQ(s.client_bytes, 400U);
  EXPECT_EQ(s.server_bytes, 1000U);
  EXPECT_EQ(s.max_flow_client_bytes, 300U);
}

TEST(ConversationStats, BackscatterIsNotCountedAsUnanswered) {
  FlowBuilder rst("203.0.113.134", 3255, "10.20.2.139", 40002);
  rst.history("R").state(ConnState::OTH).pkts(1, 0);
  const ConversationStats s = stats_of({rst, rst});
  EXPECT_EQ(s.unsolicited, 2U);
  EXPECT_EQ(s.unanswered, 0U);
  EXPECT_EQ(s.answered, 0U);
}

TEST(ConversationStats, TimesDoNotDependOnTheOrderFlowsEnd) {
  const ConversationStats s = stats_of({
      test::tcp_session("10.0.0.5", 40000, "10.0.0.9", 3206, 1, 1, 10.0),  // 10.0 .. 10.5
      test::tcp_session("10.0.0.5", 40001, "10.0.0.9", 3206, 1, 1, 2.0),   // 2.0 .. 2.5
      FlowBuilder("10.0.0.5", 40002, "10.0.0.9", 3206).history("S").state(ConnState::S0).at(5.0, 9.0),
  });
  EXPECT_EQ(s.first_start, 2 * test::kSecond);
  EXPECT_EQ(s.last_end, 14 * test::kSecond);
  EXPECT_DOUBLE_EQ(s.duration_max, 9.0);
  EXPECT_EQ(s.duration_ns_sum, 10 * static_cast<std::uint64_t>(test::kSecond));
  ASSERT_EQ(s.starts.size(), 3U);
}

// Counts by protocol, kept sorted and without zeros whatever order they arrive and merge in;
// a second protocol moves them out of the entry without losing any.
TEST(ProtocolCounts, CountsEveryProtocolInOrderWithoutZeros) {
  ProtocolCounts a;
  a.add(9);
  a.add(2, 3);
  a.add(9);
  a.add(4, 0);
  EXPECT_EQ(a[9], 2U);
  EXPECT_EQ(a[2], 3U);
  EXPECT_EQ(a[4], 0U);
  ProtocolCounts b;
  b.add(26);
  b.add(0, 5);
  b.add(2);
  a.merge(b);
  const std::vector<ProtocolCounts::Entry> all(a.begin(), a.end());
  const std::vector<ProtocolCounts::Entry> expected{{0, 5}, {2, 4}, {9, 2}, {26, 1}};
  EXPECT_EQ(all, expected);
  ProtocolCounts c;  // the same flows in another order
  for (const auto& [protocol, flows] : expected) c.add(protocol, flows);
  EXPECT_EQ(a, c);
}

// One protocol lives in the entry; copies of either form are equal and independent.
TEST(ProtocolCounts, OneProtocolInPlaceAndCopiesOfBothForms) {
  ProtocolCounts none;
  EXPECT_EQ(none.begin(), none.end());
  ProtocolCounts one;
  one.add(0, 5);  // protocol 0 with flows is an entry, not "none"
  const std::vector<ProtocolCounts::Entry> only(one.begin(), one.end());
  EXPECT_EQ(only, (std::vector<ProtocolCounts::Entry>{{0, 5}}));
  EXPECT_NE(one, none);
  ProtocolCounts two = one;
  two.add(3);
  EXPECT_EQ(one[3], 0U);
  ProtocolCounts copy;
  copy = two;
  two.add(3);
  EXPECT_EQ(copy[3], 1U);
  EXPECT_EQ(two[3], 2U);
  copy.add(3);
  EXPECT_EQ(copy, two);
  ProtocolCounts moved = std::move(copy);
  EXPECT_EQ(moved, two);
}

TEST(ConversationStats, ProtocolsAndEntropyPerFlow) {
  ConversationStats s;
  auto random = test::tcp_session("10.0.0.5", 40000, "10.0.0.9", 3492, 1460, 0);
  random.orig_payload(test::random_bytes(1460));
  auto http = test::tcp_session("10.0.0.5", 40001, "10.0.0.9", 3492, 200, 0);
  http.orig_payload(test::bytes_of(text(200)));
  const auto silent = test::tcp_unanswered("10.0.0.5", 40002, "10.0.0.9", 3492);
  s.add(random.record(), outcome_of(random, 1, 0));
  s.add(http.record(), outcome_of(http, 2, 0));
  s.add(http.record(), outcome_of(http, 2, 5));
  s.add(silent.record(), outcome_of(silent));
  EXPECT_EQ(s.client_protocols[0], 1U);
  EXPECT_EQ(s.client_protocols[1], 1U);
  EXPECT_EQ(s.client_protocols[2], 2U);
  EXPECT_EQ(s.server_protocols[0], 3U);
  EXPECT_EQ(s.server_protocols[5], 1U);
  EXPECT_EQ(s.entropy_samples, 3U);  // the silent attempt has no first payload
  EXPECT_EQ(s.high_entropy, 1U);
  EXPECT_NEAR(s.entropy_sum,
              static_cast<double>(shannon_entropy(test::random_bytes(1460))) +
                  2.0 * static_cast<double>(shannon_entropy(test::bytes_of(text(200)))),
              1e-4);
}

TEST(ConversationStats, StartTimesAreCappedButFlowsAreNot) {
  ConversationStats s;
  for (int i = 0; i < 300; ++i) {
    const auto b = test::tcp_session("10.0.0.5", static_cast<std::uint16_t>(40000 + i), "10.0.0.9", 3206, 10, 10, i);
    s.add(b.record(), outcome_of(b));
  }
  EXPECT_EQ(s.flows, 300U);
  EXPECT_EQ(s.starts.size(), ConversationStats::kMaxStarts);
  EXPECT_EQ(s.starts.front(), 0);
  EXPECT_EQ(s.last_end, 299 * test::kSecond + test::kSecond / 2);
}

TEST(ConversationKey, EqualKeysHashEqualAndFieldsMatter) {
  const ConversationKey a{test::ip("10.0.0.5"), test::ip("10.0.0.9"), 3206, 6};
  ConversationKey b = a;
  EXPECT_EQ(a, b);
  EXPECT_EQ(ConversationKeyHash{}(a), ConversationKeyHash{}(b));
  b.ip_proto = 17;
  EXPECT_NE(a, b);
  EXPECT_NE(ConversationKeyHash{}(a), ConversationKeyHash{}(b));
  b = a;
  b.port = 3207;
  EXPECT_NE(ConversationKeyHash{}(a), ConversationKeyHash{}(b));
  b = a;
  std::swap(b.client, b.server);
  EXPECT_NE(a, b);
  EXPECT_NE(ConversationKeyHash{}(a), ConversationKeyHash{}(b));
}

}  // namespace
}  // namespace gp
