// A captured frame as libpcap handed it over: a non-owning view of the bytes plus the
// metadata needed to decode it and to point at it in an error message.
// Lifetime: `bytes` dies at the next read from the source that produced it.
#pragma once

#include <cstdint>
#include <span>

#include "common/time.hpp"

namespace gp {

struct RawFrame {
  TimeNs ts = 0;
  std::span<const std::uint8_t> bytes;  // captured bytes (caplen)
  std::uint32_t wire_len = 0;           // original length on the wire
  int link_type = 0;                    // DLT_* as libpcap reports it
  std::uint32_t interface_id = 0;       // pcapng interface, 0 for pcap and live
  std::uint64_t number = 0;             // 1-based packet number in the input
  std::int64_t file_offset = -1;        // byte offset of the record, -1 if unknown (pipes)
  bool ts_clamped = false;              // the recorded time was outside 1970..2106: `ts` is that end
};

}  // namespace gp
