// Writes the classic pcap format (microsecond timestamps, Ethernet) straight to a FILE*, so
// a multi-gigabyte capture or an endless flood streams through a pipe without libpcap's
// pcap_dump needing a pcap_t. Little-endian, as every reader accepts.
#pragma once

#include <cstdint>
#include <cstdio>
#include <span>
#include <string>

namespace gp::bench {

class PcapWriter {
 public:
  // "-" writes to standard output. Throws std::runtime_error when the file cannot be opened.
  explicit PcapWriter(const std::string& path, std::uint32_t link_type = 1);
  ~PcapWriter();
  PcapWriter(const PcapWriter&) = delete;
  PcapWriter& operator=(const PcapWriter&) = delete;

  void write(std::int64_t ts_us, std::span<const std::uint8_t> frame);
  // False once a write failed (a closed pipe, a full disk).
  bool ok() const;
  std::uint64_t bytes_written() const { return bytes_; }

 private:
  std::FILE* file_ = nullptr;
  bool owned_ = false;
  std::uint64_t bytes_ = 0;
};

}  // namespace gp::bench
