#include "classify/features/conversation.hpp"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <xxhash.h>

namespace gp {
namespace {

// A "session with data" (one flow): the client sent at least kSessionPackets packets or
// kSessionBytes bytes of payload, or data went both ways for kSessionNs.
constexpr std::uint64_t kSessionPackets = 20;
constexpr std::uint64_t kSessionBytes = 4096;
constexpr TimeNs kSessionNs = 30'000'000'000;

}  // namespace

std::size_t ConversationKeyHash::operator()(const ConversationKey& k) const {
  std::uint8_t buf[16 + 16 + 2 + 1];
  std::memcpy(buf, k.client.bytes().data(), 16);
  std::memcpy(buf + 16, k.server.bytes().data(), 16);
  std::memcpy(buf + 32, &k.port, 2);
  buf[34] = k.ip_proto;
  return static_cast<std::size_t>(XXH3_64bits(buf, sizeof(buf)));
}

FlowOutcome flow_outcome(const Flow& flow, const ConnRecord& r, const Orientation& o, std::uint8_t client_protocol,
                         std::uint8_t server_protocol) {
  FlowOutcome out;
  const std::uint64_t server_pkts = o.client_is_orig ? r.resp_pkts : r.orig_pkts;
  out.client_bytes = o.client_is_orig ? r.orig_bytes : r.resp_bytes;
  out.server_bytes = o.client_is_orig ? r.resp_bytes : r.orig_bytes;
  out.unsolicited = o.unsolicited;
  out.client_data = out.client_bytes > 0;
  out.answered = server_pkts > 0 && !o.unsolicited;
  const std::string_view h = r.history;
  if (r.ip_proto == 6) {
    const bool handshake = h.find('h') != std::string_view::npos || h.find('H') != std::string_view::npos;
    const bool both_data = out.client_bytes > 0 && out.server_bytes > 0;
    out.completed =
        !o.unsolicited && ((handshake && r.state != ConnState::REJ && h.find_first_of("AaDd") != h.npos) || both_data);
    out.rejected = !o.unsolicited && (r.state == ConnState::REJ || r.state == ConnState::RSTRH ||
                                      (r.state == ConnState::RSTR && !handshake && out.server_bytes == 0));
  } else {
    out.completed = out.client_bytes > 0 && out.server_bytes > 0;
  }
  if (r.icmp_errors > 0) out.rejected = true;
  out.client_packets = o.client_is_orig ? r.orig_pkts : r.resp_pkts;
  out.server_packets = server_pkts;
  out.data_exchange = out.completed && out.client_bytes > 0 && out.server_bytes > 0;
  if (r.ip_proto == 6) {
    out.midstream = !o.unsolicited && h.find_first_of("Ss") == std::string_view::npos;
    // One side silent, yet the other acknowledges or sends data: that side's packets exist
    // (an ACK needs a SYN-ACK) but were not captured (a SPAN of one link, asymmetric routing).
    const bool orig_only = r.resp_pkts == 0 && h.find_first_of("AD") != std::string_view::npos;
    const bool resp_only = r.orig_pkts == 0 && h.find_first_of("ad") != std::string_view::npos;
    out.one_sided = !o.unsolicited && (orig_only || resp_only);
  }
  // A session with data: the client sent on a connection the server accepted (TCP: the
  // handshake; UDP: an answer), more than a probe's worth.
  const bool accepted = r.ip_proto == 6 ? out.completed : out.server_bytes > 0;
  const bool long_exchange = out.data_exchange && r.duration() >= kSessionNs;
  const bool udp_dialogue = r.ip_proto != 6 && out.client_bytes > 0 && out.server_bytes > 0 &&
                            out.client_packets >= 2 && out.server_packets >= 2;
  out.session =
      !o.unsolicited && out.client_bytes > 0 && accepted &&
      (out.client_packets >= kSessionPackets || out.client_bytes >= kSessionBytes || long_exchange || udp_dialogue);
  out.client_protocol = client_protocol;
  out.server_protocol = server_protocol;
  const PayloadSample& first = flow.evidence.first_payload[o.client_is_orig ? 0 : 1];
  if (!first.empty()) {
    out.client_entropy = first.entropy;
    out.client_entropy_sample = first.entropy_sample;
  }
  return out;
}

ProtocolCounts::ProtocolCounts(const ProtocolCounts& other)
    : one_(other.one_), more_(other.more_ ? std::make_unique<std::vector<Entry>>(*other.more_) : nullptr) {}

ProtocolCounts& ProtocolCounts::operator=(const ProtocolCounts& other) {
  if (this != &other) *this = ProtocolCounts(other);
  return *this;
}

void ProtocolCounts::add(std::uint8_t protocol, std::uint32_t flows) {
  if (flows == 0) return;
  if (!more_) {
    if (one_.second == 0 || one_.first == protocol) {
      one_ = Entry{protocol, one_.second + flows};
      return;
    }
    more_ = std::make_unique<std::vector<Entry>>(1, one_);
    one_ = Entry{0, 0};
  }
  std::vector<Entry>& counts = *more_;
  const auto at = std::lower_bound(counts.begin(), counts.end(), protocol,
                                   [](const Entry& e, std::uint8_t p) { return e.first < p; });
  if (at != counts.end() && at->first == protocol) {
    at->second += flows;
  } else {
    counts.insert(at, Entry{protocol, flows});
  }
}

void ProtocolCounts::merge(const ProtocolCounts& other) {
  for (const auto& [protocol, flows] : other) add(protocol, flows);
}

std::uint32_t ProtocolCounts::operator[](std::size_t protocol) const {
  for (const auto& [p, flows] : *this) {
    if (p == protocol) return flows;
  }
  return 0;
}

bool looks_random(float entropy, std::uint32_t sample) {
  // n uniformly random bytes show about 8 - 255 / (2 n ln 2) bits/byte (the estimator is
  // biased low on small samples), so the bar depends on the sample: 6.2 at 128 bytes, 7.3 at
  // 512, 7.5 at 1,460. Text, markup and most binary protocols stay well below it; compressed or
  // encrypted data does not. Under 128 bytes the estimate says too little.
  if (sample < 128 || entropy < 0.0F) return false;
  const double expected = 8.0 - 255.0 / (2.0 * static_cast<double>(sample) * 0.6931471805599453);
  return static_cast<double>(entropy) >= expected - 0.35;
}

bool open_at_end(const ConnRecord& r) {
  if (r.end != FlowEnd::end_of_input) return false;
  if (r.ip_proto != 6) return false;  // no close to miss: UDP and the rest only time out
  switch (r.state) {
    case ConnState::S1:
    case ConnState::S2:
    case ConnState::S3: return true;
    case ConnState::OTH: return r.orig_bytes + r.resp_bytes > 0 && r.history.find_first_of("FfRr") == std::string::npos;
    default: return false;
  }
}

void ConversationStats::add(const ConnRecord& r, const FlowOutcome& o) {
  ++flows;
  open_at_end += gp::open_at_end(r) ? 1U : 0U;
  completed += o.completed ? 1U : 0U;
  answered += o.answered ? 1U : 0U;
  rejected += o.rejected ? 1U : 0U;
  unanswered += (!o.answered && !o.rejected && !o.unsolicited) ? 1U : 0U;
  client_data += o.client_data ? 1U : 0U;
  unsolicited += o.unsolicited ? 1U : 0U;
  sessions += o.session ? 1U : 0U;
  data_exchanges += o.data_exchange ? 1U : 0U;
  midstream += o.midstream ? 1U : 0U;
  one_sided += o.one_sided ? 1U : 0U;
  client_packets += o.client_packets;
  server_packets += o.server_packets;
  if (o.session) first_session = std::min(first_session, r.start);
  if (!o.session && o.answered && !o.rejected) first_answered_probe = std::min(first_answered_probe, r.start);
  client_bytes += o.client_bytes;
  server_bytes += o.server_bytes;
  max_flow_client_bytes = std::max(max_flow_client_bytes, o.client_bytes);
  duration_ns_sum += static_cast<std::uint64_t>(std::max<TimeNs>(r.duration(), 0));
  duration_max = std::max(duration_max, static_cast<double>(r.duration()) / 1e9);
  first_start = flows == 1 ? r.start : std::min(first_start, r.start);
  last_end = std::max(last_end, r.last);
  if (o.client_protocol < kProtocolCount) client_protocols.add(o.client_protocol);
  if (o.server_protocol < kProtocolCount) server_protocols.add(o.server_protocol);
  if (o.client_entropy >= 0.0F) {
    entropy_sum += static_cast<double>(o.client_entropy);
    ++entropy_samples;
    if (looks_random(o.client_entropy, o.client_entropy_sample)) ++high_entropy;
  }
  add_start(r.start);
}

void ConversationStats::add_start(TimeNs start) {
  if (starts.size() == kMaxStarts) {
    if (start >= starts.back()) return;
    starts.pop_back();
  }
  // Flows mostly end in start order, so the insert is usually at the end.
  starts.insert(std::upper_bound(starts.begin(), starts.end(), start), start);
}

void ConversationStats::merge(const ConversationStats& o) {
  if (o.flows == 0) return;  // nothing seen: its zero times are no times
  first_start = flows == 0 ? o.first_start : std::min(first_start, o.first_start);
  last_end = std::max(last_end, o.last_end);
  flows += o.flows;
  completed += o.completed;
  client_table_full += o.client_table_full;
  service_table_full += o.service_table_full;
  answered += o.answered;
  rejected += o.rejected;
  unanswered += o.unanswered;
  client_data += o.client_data;
  unsolicited += o.unsolicited;
  open_at_end += o.open_at_end;
  sessions += o.sessions;
  data_exchanges += o.data_exchanges;
  midstream += o.midstream;
  one_sided += o.one_sided;
  client_packets += o.client_packets;
  server_packets += o.server_packets;
  first_session = std::min(first_session, o.first_session);
  first_answered_probe = std::min(first_answered_probe, o.first_answered_probe);
  client_bytes += o.client_bytes;
  server_bytes += o.server_bytes;
  max_flow_client_bytes = std::max(max_flow_client_bytes, o.max_flow_client_bytes);
  duration_ns_sum += o.duration_ns_sum;
  duration_max = std::max(duration_max, o.duration_max);
  client_protocols.merge(o.client_protocols);
  server_protocols.merge(o.server_protocols);
  entropy_sum += o.entropy_sum;
  entropy_samples += o.entropy_samples;
  high_entropy += o.high_entropy;
  StartTimes both;
  both.reserve(starts.size() + o.starts.size());
  std::merge(starts.begin(), starts.end(), o.starts.begin(), o.starts.end(), std::back_inserter(both));
  if (both.size() > kMaxStarts) both.resize(kMaxStarts);
  starts = std::move(both);
}

}  // namespace gp
