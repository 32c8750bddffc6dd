#include "bench/gencap/pcap_writer.hpp"

#include <array>
#include <cstring>
#include <stdexcept>

namespace gp::bench {
namespace {
void put32(std::uint8_t* p, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}
void put16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v);
  p[1] = static_cast<std::uint8_t>(v >> 8);
}
constexpr std::uint32_t kSnapLen = 65535;
}  // namespace

PcapWriter::PcapWriter(const std::string& path, std::uint32_t link_type) {
  if (path == "-") {
    file_ = stdout;
  } else {
    file_ = std::fopen(path.c_str(), "wb");
    owned_ = true;
    if (file_ == nullptr) throw std::runtime_error(path + ": " + std::strerror(errno));
  }
  // A large buffer: the writer is called once per packet and must not be the bottleneck of
  // the flood test.
  std::setvbuf(file_, nullptr, _IOFBF, 1 << 20);
  std::array<std::uint8_t, 24> h{};
  put32(&h[0], 0xa1b2c3d4);  // microsecond timestamps
  put16(&h[4], 2);
  put16(&h[6], 4);
  put32(&h[16], kSnapLen);
  put32(&h[20], link_type);
  bytes_ += std::fwrite(h.data(), 1, h.size(), file_);
}

PcapWriter::~PcapWriter() {
  std::fflush(file_);
  if (owned_) std::fclose(file_);
}

void PcapWriter::write(std::int64_t ts_us, std::span<const std::uint8_t> frame) {
  std::array<std::uint8_t, 16> r{};
  put32(&r[0], static_cast<std::uint32_t>(ts_us / 1'000'000));
  put32(&r[4], static_cast<std::uint32_t>(ts_us % 1'000'000));
  put32(&r[8], static_cast<std::uint32_t>(frame.size()));
  put32(&r[12], static_cast<std::uint32_t>(frame.size()));
  bytes_ += std::fwrite(r.data(), 1, r.size(), file_);
  bytes_ += std::fwrite(frame.data(), 1, frame.size(), file_);
}

bool PcapWriter::ok() const { return std::ferror(file_) == 0; }

}  // namespace gp::bench
