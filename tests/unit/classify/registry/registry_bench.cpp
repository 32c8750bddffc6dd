// Start-up cost of the registry (IANA CSV + nmap-services + folklore TOML) and the cost of
// the per-flow lookup. The lookup must stay a table read: compare BM_Standing with a
// plain array access when changing PortRegistry.
#include <benchmark/benchmark.h>

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

}  // namespace

BENCHMARK_MAIN();
