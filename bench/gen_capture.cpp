// gp-gencap: writes a large, realistic, deterministic capture for benchmarks and tests, or
// streams a spoofed SYN flood. Nothing is sent anywhere: the output is a pcap file or pipe.
//
//   gp-gencap --seed 1 --packets 3000000 -w bench.pcap
//   gp-gencap --profile scan-heavy --packets 2000000 -w link.pcap
//   gp-gencap --syn-flood 10000000 -w - | ghostport flows -r - --max-flows 100000 -q
#include <CLI/CLI.hpp>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>

#include "bench/gencap/pcap_writer.hpp"
#include "bench/gencap/syn_flood.hpp"
#include "bench/gencap/traffic_mix.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Write a realistic synthetic capture (or a SYN flood) as pcap"};
  std::uint64_t seed = 1;
  std::uint64_t packets = 1'000'000;
  std::uint64_t flood = 0;
  std::uint16_t flood_port = 80;
  std::size_t concurrent = 256;
  std::string out_path;
  std::string profile = "sessions";
  app.add_option("--seed", seed, "Seed: the same seed writes the same bytes")->capture_default_str();
  app.add_option("--packets", packets, "Packets in the mixed capture")->capture_default_str();
  app.add_option("--concurrent", concurrent, "Conversations in flight at once")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  app.add_option("--profile", profile,
                 "sessions (long sessions and bulk transfers, ~800 bytes per packet) or scan-heavy (an "
                 "Internet-facing link: short sessions, SYN-scan bursts, DNS; ~175 bytes per packet)")
      ->check(CLI::IsMember({"sessions", "scan-heavy"}))
      ->capture_default_str();
  app.add_option("--syn-flood", flood, "Instead of the mix: N SYNs from distinct spoofed sources");
  app.add_option("--flood-port", flood_port, "Server port the flood targets")->capture_default_str();
  app.add_option("-w", out_path, "Output file, '-' for standard output")->required();
  CLI11_PARSE(app, argc, argv);

  try {
    gp::bench::PcapWriter out(out_path);
    if (flood > 0) {
      gp::bench::write_syn_flood(out, flood, seed, flood_port);
    } else {
      gp::bench::TrafficMix mix(
          seed, concurrent, profile == "scan-heavy" ? gp::bench::Profile::scan_heavy : gp::bench::Profile::sessions);
      for (std::uint64_t i = 0; i < packets && out.ok(); ++i) mix.emit(out);
    }
    if (!out.ok()) {
      std::fprintf(stderr, "gp-gencap: writing %s failed\n", out_path.c_str());
      return 1;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gp-gencap: %s\n", e.what());
    return 1;
  }
  return 0;
}
