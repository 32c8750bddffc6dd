// Every trace under trunc/ and tcp/ is decoded to the end without a crash (the ASan+UBSan
// build runs this too), and the anomalies are the ones tshark also reports for them:
// "Packet size limited during capture" (truncated_*), "IPv4 total length exceeds packet
// length" (ip_length_beyond_frame), "Bogus IP length" (ip_total_length_too_small),
// "Bogus IPv6 version" (bad_ip_version).
#include <filesystem>
#include <map>

#include "tests/unit/capture/decode/decode_fixture.hpp"

namespace gp::test {
namespace {

using Expected = std::map<std::string, std::map<Anomaly, std::uint64_t>>;

std::map<Anomaly, std::uint64_t> nonzero(const DecodeCounters& c) {
  std::map<Anomaly, std::uint64_t> out;
  for (std::size_t i = 0; i < c.anomalies.size(); ++i) {
    if (c.anomalies[i] != 0) out[static_cast<Anomaly>(i)] = c.anomalies[i];
  }
  return out;
}

std::string describe(const std::map<Anomaly, std::uint64_t>& m) {
  std::string s;
  for (const auto& [a, n] : m) s += std::string(to_string(a)) + "=" + std::to_string(n) + " ";
  return s.empty() ? "(none)" : s;
}

const Expected kExpected{
    {"trunc/icmp-header-trunc.pcap", {{Anomaly::truncated_ip_payload, 2}, {Anomaly::truncated_icmp_header, 2}}},
    {"trunc/icmp-payload-trunc.pcap", {{Anomaly::truncated_ip_payload, 4}}},
    {"trunc/ip-discarder-truncated-tcp-oob.pcapng",
     {{Anomaly::truncated_ip_payload, 1}, {Anomaly::truncated_tcp_header, 1}}},
    {"trunc/ip4-trunc.pcap", {{Anomaly::truncated_ip_header, 1}}},
    {"trunc/ip6-ext-trunc.pcap", {{Anomaly::ip_length_beyond_frame, 1}}},
    {"trunc/ip6-trunc.pcap", {{Anomaly::truncated_ip_header, 1}}},
    {"trunc/ipv4-internally-truncated-header.pcap", {{Anomaly::truncated_ip_header, 1}}},
    {"trunc/ipv4-truncated-broken-header.pcap", {{Anomaly::ip_total_length_too_small, 1}}},
    {"trunc/mpls-6in6-6in6-4in6-trunc.pcap", {}},  // the broken part is inside the 6in6 tunnel
    {"trunc/mpls-6in6-broken.pcap.gz",
     {{Anomaly::truncated_ip_header, 12}, {Anomaly::bad_ip_version, 22}, {Anomaly::ip_total_length_too_small, 3}}},
    {"trunc/trunc-hdr.pcap", {{Anomaly::truncated_link_header, 1}}},
    {"tcp/reassembly.pcap", {{Anomaly::ip_length_beyond_frame, 5}}},
    {"tcp/retransmit-fast009.pcap", {{Anomaly::truncated_ip_payload, 21}}},
    {"tcp/timestamp.pcap", {{Anomaly::truncated_ip_payload, 691}}},
    {"tcp/truncated-header.pcap", {{Anomaly::truncated_ip_payload, 12}, {Anomaly::truncated_tcp_header, 1}}},
};

TEST(TruncatedTraces, EveryTraceDecodesWithTheExpectedAnomalies) {
  const std::filesystem::path root = zeek_trace("");
  std::size_t traces = 0;
  for (const char* dir : {"trunc", "tcp"}) {
    for (const auto& entry : std::filesystem::directory_iterator(root / dir)) {
      const std::string name = std::string(dir) + "/" + entry.path().filename().string();
      if (name.find(".pcap") == std::string::npos || name.ends_with(".log")) continue;
      ++traces;
      const DecodeCounters c = decode_all(entry.path().string());
      EXPECT_EQ(
          c.frames, c.ip_packets + c.not_ip + (c.fragments - c.reassembled) +
                        [&] {
                          std::uint64_t malformed = 0;
                          for (const auto& [a, n] : nonzero(c)) {
                            if (a != Anomaly::truncated_ip_payload) malformed += n;
                          }
                          return malformed;
                        }())
          << name;
      const auto it = kExpected.find(name);
      const std::map<Anomaly, std::uint64_t> expected =
          it == kExpected.end() ? std::map<Anomaly, std::uint64_t>{} : it->second;
      EXPECT_EQ(nonzero(c), expected) << name << ": got " << describe(nonzero(c));
    }
  }
  EXPECT_GE(traces, 40U);
}

}  // namespace
}  // namespace gp::test
