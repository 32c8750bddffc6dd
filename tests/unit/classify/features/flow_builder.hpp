// Finished flows as the flow table hands them over (a Flow with its evidence and the Zeek
// ConnRecord), built by hand for the feature and annotation tests: one line per flow, the
// history letters and conn_state exactly as Zeek would write them.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "capture/flow/conn_record.hpp"
#include "capture/flow/flow.hpp"
#include "capture/flow/flow_evidence.hpp"
#include "tests/support/addresses.hpp"

namespace gp::test {

inline constexpr TimeNs kSecond = 1'000'000'000;

inline std::vector<std::uint8_t> bytes_of(std::string_view text) { return {text.begin(), text.end()}; }

// Deterministic bytes that look random (xorshift), for entropy checks.
inline std::vector<std::uint8_t> random_bytes(std::size_t n, std::uint32_t seed = 0x9e3779b9U) {
  std::vector<std::uint8_t> out(n);
  std::uint32_t x = seed == 0 ? 1U : seed;
  for (auto& b : out) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    b = static_cast<std::uint8_t>(x >> 24);
  }
  return out;
}

class FlowBuilder {
 public:
  FlowBuilder(std::string_view orig_h, std::uint16_t orig_p, std::string_view resp_h, std::uint16_t resp_p,
              std::uint8_t ip_proto = 6) {
    record_.orig_h = ip(orig_h);
    record_.orig_p = orig_p;
    record_.resp_h = ip(resp_h);
    record_.resp_p = resp_p;
    record_.ip_proto = ip_proto;
    record_.orig_pkts = 1;
    flow_.orig_h = record_.orig_h;
    flow_.resp_h = record_.resp_h;
    flow_.orig_p = orig_p;
    flow_.resp_p = resp_p;
    flow_.protocol = ip_proto;
  }

  FlowBuilder& history(std::string h) {
    record_.history = std::move(h);
    return *this;
  }
  FlowBuilder& state(ConnState s) {
    record_.state = s;
    return *this;
  }
  FlowBuilder& bytes(std::uint64_t orig, std::uint64_t resp) {
    record_.orig_bytes = orig;
    record_.resp_bytes = resp;
    return *this;
  }
  FlowBuilder& pkts(std::uint64_t orig, std::uint64_t resp) {
    record_.orig_pkts = orig;
    record_.resp_pkts = resp;
    return *this;
  }
  FlowBuilder& at(double start_s, double duration_s = 0.0) {
    record_.start = static_cast<TimeNs>(start_s * static_cast<double>(kSecond));
    record_.last = record_.start + static_cast<TimeNs>(duration_s * static_cast<double>(kSecond));
    flow_.start = record_.start;
    flow_.last = record_.last;
    return *this;
  }
  FlowBuilder& icmp_errors(std::uint32_t n) {
    record_.icmp_errors = n;
    flow_.icmp_errors = n;
    return *this;
  }
  // First payload of the originator ([0]) or the responder ([1]), as FlowEvidence keeps it:
  // 64 bytes kept, entropy over everything captured.
  FlowBuilder& orig_payload(const std::vector<std::uint8_t>& p) { return payload(0, p); }
  FlowBuilder& resp_payload(const std::vector<std::uint8_t>& p) { return payload(1, p); }

  const Flow& flow() const { return flow_; }
  const ConnRecord& record() const { return record_; }

 private:
  FlowBuilder& payload(std::size_t side, const std::vector<std::uint8_t>& p) {
    PayloadSample& s = flow_.evidence.first_payload[side];
    s.length = static_cast<std::uint32_t>(p.size());
    s.size = static_cast<std::uint8_t>(std::min(p.size(), PayloadSample::kCapacity));
    if (s.size > 0) std::memcpy(s.bytes.data(), p.data(), s.size);
    s.entropy_sample = static_cast<std::uint16_t>(std::min<std::size_t>(p.size(), 65535));
    s.entropy = shannon_entropy(std::span<const std::uint8_t>(p.data(), s.entropy_sample));
    return *this;
  }

  Flow flow_;
  ConnRecord record_;
};

// A completed TCP session (SYN, SYN-ACK, data both ways, FINs): Zeek's SF "ShADadFf".
inline FlowBuilder tcp_session(std::string_view client, std::uint16_t client_port, std::string_view server,
                               std::uint16_t port, std::uint64_t up, std::uint64_t down, double start_s = 0.0) {
  FlowBuilder b(client, client_port, server, port, 6);
  b.history("ShADadFf").state(ConnState::SF).bytes(up, down).pkts(5, 5).at(start_s, 0.5);
  return b;
}

// A SYN refused with a RST: Zeek's REJ "Sr".
inline FlowBuilder tcp_refused(std::string_view client, std::uint16_t client_port, std::string_view server,
                               std::uint16_t port, double start_s = 0.0) {
  FlowBuilder b(client, client_port, server, port, 6);
  b.history("Sr").state(ConnState::REJ).pkts(1, 1).at(start_s, 0.001);
  return b;
}

// A SYN nobody answered: Zeek's S0 "S".
inline FlowBuilder tcp_unanswered(std::string_view client, std::uint16_t client_port, std::string_view server,
                                  std::uint16_t port, double start_s = 0.0) {
  FlowBuilder b(client, client_port, server, port, 6);
  b.history("S").state(ConnState::S0).pkts(1, 0).at(start_s);
  return b;
}

}  // namespace gp::test
