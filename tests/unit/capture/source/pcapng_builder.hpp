// Builds pcapng files block by block, in either byte order, for reader tests: the smallest
// file that shows a behaviour, and corrupt ones that no writer would produce.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/temp_path.hpp"

namespace gp::test {

class PcapngBuilder {
 public:
  explicit PcapngBuilder(bool big_endian = false) : big_(big_endian) {}

  using Bytes = std::vector<std::uint8_t>;

  // Appends an integer to `to` in this builder's byte order.
  void put(Bytes& to, std::uint64_t v, int width) const {
    for (int i = 0; i < width; ++i) {
      const int shift = big_ ? (width - 1 - i) * 8 : i * 8;
      to.push_back(static_cast<std::uint8_t>(v >> shift));
    }
  }
  void option(Bytes& to, std::uint16_t code, const Bytes& value) const {
    put(to, code, 2);
    put(to, value.size(), 2);
    to.insert(to.end(), value.begin(), value.end());
    while (to.size() % 4 != 0) to.push_back(0);
  }

  // §3.1: type, total length, body padded to 32 bits, total length.
  PcapngBuilder& block(std::uint32_t type, Bytes body) {
    while (body.size() % 4 != 0) body.push_back(0);
    const std::uint64_t total = body.size() + 12;
    put(out, type, 4);
    put(out, total, 4);
    out.insert(out.end(), body.begin(), body.end());
    put(out, total, 4);
    return *this;
  }
  PcapngBuilder& section(bool big_endian) {
    big_ = big_endian;
    Bytes body;
    put(body, 0x1A2B3C4D, 4);
    put(body, 1, 2);
    put(body, 0, 2);
    put(body, ~std::uint64_t{0}, 8);  // section length unknown
    return block(0x0A0D0D0A, body);
  }
  PcapngBuilder& section() { return section(big_); }
  // tsresol < 0: option absent (microseconds).
  PcapngBuilder& interface(std::uint16_t linktype, std::uint32_t snaplen = 0, int tsresol = -1,
                           std::int64_t tsoffset = 0) {
    Bytes body;
    put(body, linktype, 2);
    put(body, 0, 2);
    put(body, snaplen, 4);
    if (tsresol >= 0) option(body, 9, Bytes{static_cast<std::uint8_t>(tsresol)});
    if (tsoffset != 0) {
      Bytes v;
      put(v, static_cast<std::uint64_t>(tsoffset), 8);
      option(body, 14, v);
    }
    if (tsresol >= 0 || tsoffset != 0) put(body, 0, 4);  // opt_endofopt
    return block(1, body);
  }
  PcapngBuilder& enhanced(std::uint32_t iface, std::uint64_t ticks, const Bytes& data, std::uint32_t wire_len = 0) {
    Bytes body;
    put(body, iface, 4);
    put(body, ticks >> 32, 4);
    put(body, ticks & 0xffffffffU, 4);
    put(body, data.size(), 4);
    put(body, wire_len != 0 ? wire_len : data.size(), 4);
    body.insert(body.end(), data.begin(), data.end());
    return block(6, body);
  }
  PcapngBuilder& simple(const Bytes& data, std::uint32_t wire_len) {
    Bytes body;
    put(body, wire_len, 4);
    body.insert(body.end(), data.begin(), data.end());
    return block(3, body);
  }
  PcapngBuilder& obsolete(std::uint16_t iface, std::uint64_t ticks, const Bytes& data) {
    Bytes body;
    put(body, iface, 2);
    put(body, 0, 2);  // drops count
    put(body, ticks >> 32, 4);
    put(body, ticks & 0xffffffffU, 4);
    put(body, data.size(), 4);
    put(body, data.size(), 4);
    body.insert(body.end(), data.begin(), data.end());
    return block(2, body);
  }

  std::string write(const std::string& name) const {
    const std::string path = gp::test::temp_path("pcapng_" + name).string();
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f != nullptr) {
      std::fwrite(out.data(), 1, out.size(), f);
      std::fclose(f);
    }
    return path;
  }

  Bytes out;

 private:
  bool big_;
};

}  // namespace gp::test
