// Start-up cost of the registry (IANA CSV + nmap-services + folklore TOML) and the cost of
// the per-flow lookups. The lookup must stay a table read: compare BM_Standing with a
// plain array access when changing PortRegistry.
#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>

#include "classify/registry/load.hpp"

namespace {

gp::registry::LoadOptions options() {
  gp::registry::LoadOptions o;
  o.registry_csv = GP_IANA_CSV;
  o.nmap_services = "/usr/share/nmap/nmap-services";
  return o;
}

void BM_LoadAllLayers(benchmark::State& state) {
  const auto o = options();
  for (auto _ : state) {
    auto r = gp::registry::load_registry(o);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_LoadAllLayers)->Unit(benchmark::kMillisecond);

void BM_Standing(benchmark::State& state) {
  const auto r = gp::registry::load_registry(options());
  std::uint16_t port = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(r.registry.standing(port, gp::registry::Transport::tcp));
    port = static_cast<std::uint16_t>(port + 7919);  // a prime stride: no cache-friendly walk
  }
}
BENCHMARK(BM_Standing);

// The known-scanner lookup every new scan source and every conversation's client makes, on
// the shipped lists: addresses spread over all of IPv4, so nearly every one is on no list.
void BM_KnownScannerLookup(benchmark::State& state) {
  const auto r = gp::registry::load_registry(options());
  std::uint32_t x = 0x9e3779b9U;
  for (auto _ : state) {
    x = x * 1664525U + 1013904223U;  // a full-period LCG over the IPv4 space
    const std::array<std::uint8_t, 4> bytes{static_cast<std::uint8_t>(x >> 24U), static_cast<std::uint8_t>(x >> 16U),
                                            static_cast<std::uint8_t>(x >> 8U), static_cast<std::uint8_t>(x)};
    benchmark::DoNotOptimize(r.registry.known_scanner(gp::IpAddress::from_v4(bytes)));
  }
}
BENCHMARK(BM_KnownScannerLookup);

}  // namespace

BENCHMARK_MAIN();
