#include "distribute/summary_message.hpp"

#include <fmt/core.h>

#include <stdexcept>
#include <type_traits>

namespace gp::distribute {
namespace {

using json = nlohmann::json;

[[noreturn]] void malformed(std::string_view where, std::string_view what) {
  throw std::runtime_error(fmt::format("{}: {}", where, what));
}

std::uint64_t unsigned_at(const json& a, std::size_t i, std::string_view where, std::uint64_t max = UINT64_MAX) {
  const json& v = a.at(i);
  if (!v.is_number_unsigned() || v.get<std::uint64_t>() > max) {
    malformed(fmt::format("{}[{}]", where, i), fmt::format("expected an unsigned integer up to {}", max));
  }
  return v.get<std::uint64_t>();
}

std::int64_t time_at(const json& a, std::size_t i, std::string_view where) {
  const json& v = a.at(i);
  if (!v.is_number_integer()) malformed(fmt::format("{}[{}]", where, i), "expected a time in nanoseconds");
  return v.get<std::int64_t>();
}

// Fields of an observation, in order; decode checks the count.
constexpr std::size_t kObservationFields = 30;

}  // namespace

json address_json(const IpAddress& a) {
  const auto& b = a.bytes();
  return json::binary(std::vector<std::uint8_t>(b.begin(), b.end()));
}

IpAddress address_from_json(const json& j, std::string_view where) {
  if (!j.is_binary() || j.get_binary().size() != 16) malformed(where, "expected a 16-byte address");
  std::array<std::uint8_t, 16> b{};
  std::copy(j.get_binary().begin(), j.get_binary().end(), b.begin());
  return IpAddress::from_v6(b);
}

json expected_to_json(const ExpectedSource& e) {
  const Announcements& a = e.announced;
  const ConversationKey& c = e.control;
  return json::array({address_json(c.client), address_json(c.server), c.port, c.ip_proto, address_json(e.orig),
                      address_json(e.resp), e.start, e.last, static_cast<unsigned>(a.announcer), a.total, a.ports,
                      a.resp_side, a.low, a.high, a.verbs, a.last_verb});
}

ExpectedSource expected_from_json(const json& j, std::string_view where) {
  if (!j.is_array() || j.size() != 16) malformed(where, "expected a control flow of 16 fields");
  const auto fixed = [&](std::size_t i, auto& out, std::uint64_t max) {
    const std::string at = fmt::format("{}[{}]", where, i);
    if (!j[i].is_array() || j[i].size() != out.size()) malformed(at, fmt::format("expected {} numbers", out.size()));
    for (std::size_t k = 0; k < out.size(); ++k) {
      out[k] = static_cast<std::remove_reference_t<decltype(out[k])>>(unsigned_at(j[i], k, at, max));
    }
  };
  ExpectedSource e;
  e.control = ConversationKey{address_from_json(j[0], fmt::format("{}[0]", where)),
                              address_from_json(j[1], fmt::format("{}[1]", where)),
                              static_cast<std::uint16_t>(unsigned_at(j, 2, where, 65535)),
                              static_cast<std::uint8_t>(unsigned_at(j, 3, where, 255))};
  e.orig = address_from_json(j[4], fmt::format("{}[4]", where));
  e.resp = address_from_json(j[5], fmt::format("{}[5]", where));
  e.start = time_at(j, 6, where);
  e.last = time_at(j, 7, where);
  Announcements& a = e.announced;
  a.announcer = static_cast<Announcer>(unsigned_at(j, 8, where, static_cast<unsigned>(Announcer::ftp)));
  a.total = static_cast<std::uint16_t>(unsigned_at(j, 9, where, 65535));
  fixed(10, a.ports, 65535);
  a.resp_side = static_cast<std::uint8_t>(unsigned_at(j, 11, where, 255));
  fixed(12, a.low, 65535);
  fixed(13, a.high, 65535);
  fixed(14, a.verbs, 255);  // an unknown verb reads as "-" (Announcements::verb_of)
  fixed(15, a.last_verb, 255);
  return e;
}

json observation_to_json(const ScanObservation& o) {
  const ConnRecord& r = o.record;
  const FlowEvidence& e = o.evidence;
  const FirstSegment& f = e.first_orig_segment;
  // Only the probing source's first payload travels (scan detection shows it); of the
  // other side's, only its length.
  const std::size_t side = o.payload_side & 1U;
  const PayloadSample& p = e.first_payload[side];
  return json::array(
      {o.ended_at,
       r.start,
       r.last,
       address_json(r.orig_h),
       r.orig_p,
       address_json(r.resp_h),
       r.resp_p,
       r.ip_proto,
       static_cast<unsigned>(r.state),
       r.history,
       r.orig_bytes,
       r.resp_bytes,
       r.missed_bytes,
       r.orig_pkts,
       r.orig_ip_bytes,
       r.resp_pkts,
       r.resp_ip_bytes,
       r.icmp_errors,
       static_cast<unsigned>(r.end),
       e.first_resp_flags,
       e.orig_data_packets,
       e.resp_data_packets,
       json::array({f.present, f.flags, f.ttl, f.ip_id, f.window, f.seq, f.ack, f.dst_v4, f.dst_port,
                    json::binary(std::vector<std::uint8_t>(f.options.begin(), f.options.begin() + f.options_size))}),
       json::binary(std::vector<std::uint8_t>(p.bytes.begin(), p.bytes.begin() + p.size)),
       p.length,
       p.entropy,
       p.entropy_sample,
       e.first_payload[side ^ 1U].length,
       side,
       0 /* reserved */});
}

ScanObservation observation_from_json(const json& j, std::string_view where) {
  if (!j.is_array() || j.size() != kObservationFields) {
    malformed(where, fmt::format("expected an array of {} fields", kObservationFields));
  }
  ScanObservation o;
  ConnRecord& r = o.record;
  FlowEvidence& e = o.evidence;
  o.ended_at = time_at(j, 0, where);
  r.start = time_at(j, 1, where);
  r.last = time_at(j, 2, where);
  r.orig_h = address_from_json(j[3], fmt::format("{}[3]", where));
  r.orig_p = static_cast<std::uint16_t>(unsigned_at(j, 4, where, 65535));
  r.resp_h = address_from_json(j[5], fmt::format("{}[5]", where));
  r.resp_p = static_cast<std::uint16_t>(unsigned_at(j, 6, where, 65535));
  r.ip_proto = static_cast<std::uint8_t>(unsigned_at(j, 7, where, 255));
  r.state = static_cast<ConnState>(unsigned_at(j, 8, where, static_cast<std::uint64_t>(ConnState::OTH)));
  if (!j[9].is_string() || j[9].get_ref<const std::string&>().size() > 4096)
    malformed(where, "[9]: expected the history");
  r.history = j[9].get<std::string>();
  r.orig_bytes = unsigned_at(j, 10, where);
  r.resp_bytes = unsigned_at(j, 11, where);
  r.missed_bytes = unsigned_at(j, 12, where);
  r.orig_pkts = unsigned_at(j, 13, where);
  r.orig_ip_bytes = unsigned_at(j, 14, where);
  r.resp_pkts = unsigned_at(j, 15, where);
  r.resp_ip_bytes = unsigned_at(j, 16, where);
  r.icmp_errors = static_cast<std::uint32_t>(unsigned_at(j, 17, where, UINT32_MAX));
  r.end = static_cast<FlowEnd>(unsigned_at(j, 18, where, static_cast<std::uint64_t>(FlowEnd::end_of_input)));
  e.first_resp_flags = static_cast<std::uint8_t>(unsigned_at(j, 19, where, 255));
  e.orig_data_packets = static_cast<std::uint32_t>(unsigned_at(j, 20, where, UINT32_MAX));
  e.resp_data_packets = static_cast<std::uint32_t>(unsigned_at(j, 21, where, UINT32_MAX));
  const json& s = j[22];
  const std::string seg = fmt::format("{}[22]", where);
  if (!s.is_array() || s.size() != 10 || !s[0].is_boolean()) malformed(seg, "expected the first segment's 10 fields");
  FirstSegment& f = e.first_orig_segment;
  f.present = s[0].get<bool>();
  f.flags = static_cast<std::uint8_t>(unsigned_at(s, 1, seg, 255));
  f.ttl = static_cast<std::uint8_t>(unsigned_at(s, 2, seg, 255));
  f.ip_id = static_cast<std::uint16_t>(unsigned_at(s, 3, seg, 65535));
  f.window = static_cast<std::uint16_t>(unsigned_at(s, 4, seg, 65535));
  f.seq = static_cast<std::uint32_t>(unsigned_at(s, 5, seg, UINT32_MAX));
  f.ack = static_cast<std::uint32_t>(unsigned_at(s, 6, seg, UINT32_MAX));
  f.dst_v4 = static_cast<std::uint32_t>(unsigned_at(s, 7, seg, UINT32_MAX));
  f.dst_port = static_cast<std::uint16_t>(unsigned_at(s, 8, seg, 65535));
  if (!s[9].is_binary() || s[9].get_binary().size() > f.options.size()) malformed(seg, "[9]: expected TCP options");
  f.options_size = static_cast<std::uint8_t>(s[9].get_binary().size());
  std::copy(s[9].get_binary().begin(), s[9].get_binary().end(), f.options.begin());
  o.payload_side = static_cast<std::uint8_t>(unsigned_at(j, 28, where, 1));
  PayloadSample& p = e.first_payload[o.payload_side];
  if (!j[23].is_binary() || j[23].get_binary().size() > PayloadSample::kCapacity) {
    malformed(where, "[23]: expected up to 64 payload bytes");
  }
  p.size = static_cast<std::uint8_t>(j[23].get_binary().size());
  std::copy(j[23].get_binary().begin(), j[23].get_binary().end(), p.bytes.begin());
  p.length = static_cast<std::uint32_t>(unsigned_at(j, 24, where, UINT32_MAX));
  if (!j[25].is_number()) malformed(where, "[25]: expected the payload's entropy");
  p.entropy = j[25].get<float>();
  p.entropy_sample = static_cast<std::uint16_t>(unsigned_at(j, 26, where, 65535));
  e.first_payload[o.payload_side ^ 1U].length = static_cast<std::uint32_t>(unsigned_at(j, 27, where, UINT32_MAX));
  return o;
}

std::string encode_summary(const SensorSummary& s) {
  json scan = json::array();
  for (const ScanObservation& o : s.scan) scan.push_back(observation_to_json(o));
  json j = {{"v", kSummaryVersion},   {"sensor", s.sensor},
            {"run", s.run},           {"seq", s.sequence},
            {"through", s.through},   {"final", s.final},
            {"flows", s.flows},       {"ignored", s.scan_ignored},
            {"model", s.model},       {"hits", s.hits.is_null() ? json::array() : s.hits},
            {"scan", std::move(scan)}};
  if (!s.expected.empty()) {
    json expected = json::array();
    for (const ExpectedSource& e : s.expected) expected.push_back(expected_to_json(e));
    j["expected"] = std::move(expected);
  }
  const std::vector<std::uint8_t> bytes = json::to_msgpack(j);
  return {bytes.begin(), bytes.end()};
}

SensorSummary decode_summary(std::string_view bytes) {
  json j;
  try {
    j = json::from_msgpack(bytes.begin(), bytes.end());
  } catch (const json::exception& e) {
    malformed("summary", fmt::format("not MessagePack ({})", e.what()));
  }
  if (!j.is_object()) malformed("summary", "expected a map");
  const auto field = [&](const char* name) -> const json& {
    const auto it = j.find(name);
    if (it == j.end()) malformed("summary", fmt::format("no '{}' field", name));
    return *it;
  };
  if (!field("v").is_number_unsigned() || field("v").get<int>() != kSummaryVersion) {
    malformed("summary.v", fmt::format("version {} is not understood here (this ghostport reads {})", field("v").dump(),
                                       kSummaryVersion));
  }
  SensorSummary s;
  if (!field("sensor").is_string() || !field("run").is_string()) malformed("summary", "sensor and run must be text");
  s.sensor = field("sensor").get<std::string>();
  s.run = field("run").get<std::string>();
  if (!field("seq").is_number_unsigned() || !field("flows").is_number_unsigned() ||
      !field("ignored").is_number_unsigned() || !field("through").is_number_integer() || !field("final").is_boolean()) {
    malformed("summary", "seq, flows, through or final has the wrong type");
  }
  s.sequence = field("seq").get<std::uint64_t>();
  s.flows = field("flows").get<std::uint64_t>();
  s.scan_ignored = field("ignored").get<std::uint64_t>();
  s.through = field("through").get<std::int64_t>();
  s.final = field("final").get<bool>();
  s.model = field("model");
  s.hits = field("hits");
  if (!s.hits.is_array()) malformed("summary.hits", "expected an array");
  const json& scan = field("scan");
  if (!scan.is_array()) malformed("summary.scan", "expected an array");
  s.scan.reserve(scan.size());
  for (std::size_t i = 0; i < scan.size(); ++i)
    s.scan.push_back(observation_from_json(scan[i], fmt::format("summary.scan[{}]", i)));
  if (const auto it = j.find("expected"); it != j.end()) {
    if (!it->is_array()) malformed("summary.expected", "expected an array");
    s.expected.reserve(it->size());
    for (std::size_t i = 0; i < it->size(); ++i) {
      s.expected.push_back(expected_from_json((*it)[i], fmt::format("summary.expected[{}]", i)));
    }
  }
  return s;
}

}  // namespace gp::distribute
