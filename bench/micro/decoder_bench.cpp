// Decoder throughput on real frames: a few Zeek traces, one per common shape (Ethernet TCP,
// QinQ, IPv6, ICMP errors quoting UDP, IPv6 fragments), read once into memory so the
// benchmark measures decoding alone, never libpcap or the disk.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "capture/decode/decoder.hpp"
#include "capture/source/packet_source.hpp"

namespace {

struct OwnedFrame {
  std::vector<std::uint8_t> bytes;
  gp::RawFrame frame;
};

std::vector<OwnedFrame> load(const std::string& name) {
  auto src = gp::open_file_source({std::string(GP_TEST_DATA_DIR) + "/external/zeek/" + name, ""});
  std::vector<OwnedFrame> frames;
  gp::RawFrame f;
  while (src->next(f) == gp::ReadStatus::frame) {
    frames.push_back({std::vector<std::uint8_t>(f.bytes.begin(), f.bytes.end()), f});
  }
  for (auto& o : frames) o.frame.bytes = o.bytes;  // point at the owned copy
  return frames;
}

void decode_trace(benchmark::State& state, const std::string& name) {
  const std::vector<OwnedFrame> frames = load(name);
  gp::DecodedPacket pkt;
  for (auto _ : state) {
    // A fresh decoder per pass: fragments must not carry over between repetitions.
    gp::Decoder decoder;
    for (const auto& o : frames) {
      pkt = gp::DecodedPacket{};
      benchmark::DoNotOptimize(decoder.decode(o.frame, pkt));
      benchmark::DoNotOptimize(pkt);
    }
  }
  std::int64_t bytes = 0;
  for (const auto& o : frames) bytes += static_cast<std::int64_t>(o.bytes.size());
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(frames.size()));
  state.SetBytesProcessed(state.iterations() * bytes);
}

BENCHMARK_CAPTURE(decode_trace, ethernet_tcp, std::string("http/get.pcap"));
BENCHMARK_CAPTURE(decode_trace, qinq, std::string("q-in-q.pcap"));
BENCHMARK_CAPTURE(decode_trace, ipv6_tcp, std::string("ftp/ipv6.pcap"));
BENCHMARK_CAPTURE(decode_trace, icmp_error_quote, std::string("icmp/icmp-destunreach-udp.pcap"));
BENCHMARK_CAPTURE(decode_trace, ipv6_fragments, std::string("ipv6-fragmented-dns.pcap"));
BENCHMARK_CAPTURE(decode_trace, wikipedia_mix, std::string("wikipedia.pcap"));

}  // namespace

BENCHMARK_MAIN();
