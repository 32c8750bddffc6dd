// Test helper: the frames of a real capture, read with libpcap and kept in owned buffers,
// so decoder tests can pick the packet that shows a behaviour by its number.
#pragma once

#include <pcap/pcap.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "capture/decode/decoder.hpp"
#include "capture/source/raw_frame.hpp"

namespace gp::test {

inline std::string zeek_trace(const std::string& name) {
  return std::string(GP_TEST_DATA_DIR) + "/external/zeek/" + name;
}

struct Trace {
  int link_type = 0;
  std::vector<std::vector<std::uint8_t>> bytes;
  std::vector<std::uint32_t> wire_len;
  std::vector<TimeNs> ts;

  std::size_t size() const { return bytes.size(); }
  // 1-based, as tshark numbers frames.
  RawFrame frame(std::size_t number) const {
    RawFrame f;
    const std::size_t i = number - 1;
    f.ts = ts.at(i);
    f.bytes = bytes.at(i);
    f.wire_len = wire_len.at(i);
    f.link_type = link_type;
    f.number = number;
    return f;
  }
};

// Reads every frame; a gzip'ed trace is read through zcat.
inline Trace read_trace(const std::string& path) {
  std::array<char, PCAP_ERRBUF_SIZE> err{};
  std::string file = path;
  if (path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0) {
    // One file per process: ctest -j runs other tests reading the same trace at once.
    file = std::string(GP_BINARY_DIR) + "/decode_test_" + std::to_string(::getpid()) + "_" +
           std::to_string(std::hash<std::string>{}(path)) + ".pcap";
    if (std::system(("zcat '" + path + "' > '" + file + "'").c_str()) != 0)
      throw std::runtime_error("zcat failed on " + path);
  }
  pcap_t* p = pcap_open_offline_with_tstamp_precision(file.c_str(), PCAP_TSTAMP_PRECISION_NANO, err.data());
  if (p == nullptr) throw std::runtime_error(path + ": " + err.data());
  Trace t;
  t.link_type = pcap_datalink(p);
  pcap_pkthdr* h = nullptr;
  const std::uint8_t* data = nullptr;
  while (pcap_next_ex(p, &h, &data) == 1) {
    t.bytes.emplace_back(data, data + h->caplen);
    t.wire_len.push_back(h->len);
    t.ts.push_back(TimeNs{h->ts.tv_sec} * 1'000'000'000 + TimeNs{h->ts.tv_usec});
  }
  pcap_close(p);
  if (file != path) std::remove(file.c_str());
  return t;
}

// Decodes frames 1..n in order (so fragments meet) and returns the status of frame `number`.
inline DecodeStatus decode_upto(Decoder& d, const Trace& t, std::size_t number, DecodedPacket& out) {
  DecodeStatus s = DecodeStatus::undecoded;
  for (std::size_t i = 1; i <= number; ++i) s = d.decode(t.frame(i), out);
  return s;
}

}  // namespace gp::test
