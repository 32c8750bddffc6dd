// Flow table costs on synthetic DecodedPackets (no decoding): creating flows (with the
// table at its cap, so each new flow also evicts one), finding an existing flow, and
// expiring flows by their timers; and the entropy of a first payload, computed once per
// flow and direction.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

#include "capture/flow/flow_evidence.hpp"
#include "capture/flow/flow_table.hpp"
#include "tests/unit/capture/flow/packet_builder.hpp"

namespace {

using gp::test::f::A;
using gp::test::f::S;

struct CountingSink final : gp::FlowSink {
  std::uint64_t ended = 0;
  void flow_ended(const gp::Flow&, const gp::ConnRecord&) override { ++ended; }
};

gp::IpAddress host(std::uint32_t n) {
  const std::array<std::uint8_t, 4> b{static_cast<std::uint8_t>(10 + (n >> 24 & 0x3f)),
                                      static_cast<std::uint8_t>(n >> 16), static_cast<std::uint8_t>(n >> 8),
                                      static_cast<std::uint8_t>(n)};
  return gp::IpAddress::from_v4(std::span<const std::uint8_t, 4>(b));
}

const gp::test::Endpoint kServer{gp::test::v4("198.51.100.10"), 80};

// Each packet a SYN from a new source into a table of `range(0)` flows whose one-packet flows
// already hold their quarter of it, so every SYN also ends the oldest of them: the flood path.
void new_flows_at_cap(benchmark::State& state) {
  CountingSink sink;
  gp::FlowTableConfig cfg;
  cfg.max_flows = static_cast<std::size_t>(state.range(0));
  gp::FlowTable table(cfg, sink);
  std::uint32_t n = 0;
  while (n < cfg.max_flows) {
    ++n;
    table.process(gp::test::tcp(n, {host(n), 40000}, kServer, S, n, 0));
  }
  for (auto _ : state) {
    ++n;
    table.process(gp::test::tcp(n, {host(n), 40000}, kServer, S, n, 0));
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["evicted"] = static_cast<double>(table.stats().flows_evicted);
}
BENCHMARK(new_flows_at_cap)->Arg(1000)->Arg(100000);

// ACKs on `range(0)` established flows, round robin: the lookup path.
void lookup_existing(benchmark::State& state) {
  CountingSink sink;
  gp::FlowTable table({}, sink);
  const auto flows = static_cast<std::uint32_t>(state.range(0));
  for (std::uint32_t i = 0; i < flows; ++i) table.process(gp::test::tcp(i, {host(i), 40000}, kServer, S, 1000, 0));
  std::uint32_t i = 0;
  std::int64_t t = flows;
  for (auto _ : state) {
    table.process(gp::test::tcp(++t, {host(i), 40000}, kServer, A, 1001, 1));
    if (++i == flows) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(lookup_existing)->Arg(1000)->Arg(100000);

// `range(0)` UDP flows created then all expired by one advance past the inactivity timeout.
void expire_idle(benchmark::State& state) {
  const auto flows = static_cast<std::uint32_t>(state.range(0));
  CountingSink sink;
  for (auto _ : state) {
    gp::FlowTable table({}, sink);
    for (std::uint32_t i = 0; i < flows; ++i) table.process(gp::test::udp(i, {host(i), 5353}, kServer, 40));
    table.advance(gp::TimeNs{3600} * 1'000'000'000);
    benchmark::DoNotOptimize(table.size());
  }
  state.SetItemsProcessed(state.iterations() * flows);
}
BENCHMARK(expire_idle)->Arg(10000);

// Shannon entropy of a `range(0)`-byte payload of random bytes (every byte value present
// from 256 bytes on: the most distinct counts a payload has).
void first_payload_entropy(benchmark::State& state) {
  std::vector<std::uint8_t> payload(static_cast<std::size_t>(state.range(0)));
  std::mt19937 random(7);
  for (auto& b : payload) b = static_cast<std::uint8_t>(random());
  for (auto _ : state) benchmark::DoNotOptimize(gp::shannon_entropy(payload));
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(first_payload_entropy)->Arg(64)->Arg(512)->Arg(1460);

}  // namespace

BENCHMARK_MAIN();
