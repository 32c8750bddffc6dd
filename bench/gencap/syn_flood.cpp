#include "bench/gencap/syn_flood.hpp"

#include "bench/gencap/frames.hpp"
#include "bench/gencap/rng.hpp"

namespace gp::bench {

void write_syn_flood(PcapWriter& out, std::uint64_t count, std::uint64_t seed, std::uint16_t port) {
  Rng rng(seed);
  FrameBuilder frames;
  const Addr server = Addr::v4(0xc633640a);  // 198.51.100.10
  const std::uint32_t base = rng.u32();
  constexpr std::int64_t kStartUs = 1'700'000'000'000'000;
  for (std::uint64_t i = 0; i < count && out.ok(); ++i) {
    // Multiplying by an odd constant is a bijection mod 2^32: 4 billion distinct sources.
    const auto src = static_cast<std::uint32_t>(base + static_cast<std::uint32_t>(i) * 2654435761u);
    const Path path{Addr::v4(src), server, 0, static_cast<std::uint8_t>(rng.between(32, 255))};
    const TcpHeader h{static_cast<std::uint16_t>(rng.between(1024, 65535)), port, rng.u32(), 0, tcpf::kSyn, 512, false};
    // One SYN per microsecond: a 1 Mpps flood, faster than any timer can clear the table.
    out.write(kStartUs + static_cast<std::int64_t>(i), frames.tcp(path, h, {}));
  }
}

}  // namespace gp::bench
