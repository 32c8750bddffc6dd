// A spoofed SYN flood: every SYN from a different source address to one server port, as
// a flood with random source addresses looks to a sensor. Each source is used once, so a
// flow table sees one new flow per packet: the worst case for memory.
#pragma once

#include <cstdint>

#include "bench/gencap/pcap_writer.hpp"

namespace gp::bench {

void write_syn_flood(PcapWriter& out, std::uint64_t count, std::uint64_t seed, std::uint16_t port);

}  // namespace gp::bench
