// The native pcapng reader against libpcap on real captures: every pcapng file we have
// reads to the same frames (count, timestamps, bytes) as libpcap gives; and a file mixing
// link types, which libpcap 1.10 refuses, is read whole and decoded by the pipeline.
#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <tuple>
#include <vector>

#include "capture/pipeline/run_capture.hpp"
#include "capture/source/pcapng_reader.hpp"
#include "tests/support/temp_path.hpp"

namespace gp {
namespace {

namespace fs = std::filesystem;

struct Digest {
  std::uint64_t frames = 0;
  std::uint64_t hash = 0xcbf29ce484222325;  // FNV-1a over ts, lengths and bytes of every frame
  std::vector<TimeNs> ts;
  bool stopped_early = false;
  std::string error;

  void add(const void* data, std::size_t n) {
    const auto* p = static_cast<const std::uint8_t*>(data);
    for (std::size_t i = 0; i < n; ++i) hash = (hash ^ p[i]) * 0x100000001b3;
  }
  void frame(TimeNs t, std::uint32_t wire_len, const std::uint8_t* data, std::size_t caplen) {
    ++frames;
    ts.push_back(t);
    add(&t, sizeof t);
    add(&wire_len, sizeof wire_len);
    add(data, caplen);
  }
};

Digest via_libpcap(const std::string& path) {
  Digest d;
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  pcap_t* p = pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, errbuf);
  if (p == nullptr) {
    d.stopped_early = true;
    d.error = errbuf;
    return d;
  }
  pcap_pkthdr* h = nullptr;
  const u_char* data = nullptr;
  int rc = 0;
  while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
    d.frame(static_cast<TimeNs>(h->ts.tv_sec) * 1'000'000'000 + h->ts.tv_usec, h->len, data, h->caplen);
  }
  if (rc != PCAP_ERROR_BREAK) {
    d.stopped_early = true;
    d.error = pcap_geterr(p);
  }
  pcap_close(p);
  return d;
}

Digest via_ghostport(const std::string& path, std::map<int, std::uint64_t>* per_link = nullptr) {
  Digest d;
  auto source = open_file_source(FileSourceOptions{path, ""});
  RawFrame f;
  ReadStatus s;
  while ((s = source->next(f)) == ReadStatus::frame) {
    d.frame(f.ts, f.wire_len, f.bytes.data(), f.bytes.size());
    if (per_link != nullptr) ++(*per_link)[f.link_type];
  }
  d.stopped_early = s != ReadStatus::end;
  d.error = source->error_message();
  return d;
}

bool uses_native_reader(const std::string& path) {
  return dynamic_cast<PcapngReader*>(open_file_source(FileSourceOptions{path, ""}).get()) != nullptr;
}

void expect_same_as_libpcap(const std::string& path) {
  const Digest ours = via_ghostport(path);
  const Digest theirs = via_libpcap(path);
  EXPECT_EQ(ours.frames, theirs.frames) << path;
  EXPECT_EQ(ours.ts, theirs.ts) << path;
  EXPECT_EQ(ours.hash, theirs.hash) << path;
  EXPECT_EQ(ours.stopped_early, theirs.stopped_early)
      << path << ": ours '" << ours.error << "', libpcap '" << theirs.error << "'";
}

TEST(PcapngRealFiles, MultiInterfaceFileMatchesLibpcap) {
  const std::string path = std::string(GP_TEST_DATA_DIR) + "/external/zeek/pcapng-multi-interface.pcapng";
  ASSERT_TRUE(uses_native_reader(path));
  expect_same_as_libpcap(path);
  EXPECT_GT(via_ghostport(path).frames, 0U);
}

TEST(PcapngRealFiles, EveryBundledCaptureMatchesLibpcap) {
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(GP_SOURCE_DIR) / "pcaps")) {
    const std::string ext = entry.path().extension().string();
    if (ext != ".pcap" && ext != ".pcapng") continue;
    expect_same_as_libpcap(entry.path().string());
    ++files;
  }
  EXPECT_GE(files, 5U);
}

TEST(PcapngRealFiles, EverySharedPcapngMatchesLibpcap) {
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(GP_TEST_DATA_DIR) / "external")) {
    if (!entry.is_regular_file() || entry.path().extension() != ".pcapng") continue;
    // ndpi/tcp_scan.pcapng is a classic pcap under a .pcapng name: the magic decides.
    EXPECT_EQ(uses_native_reader(entry.path().string()), is_pcapng_file(entry.path().string())) << entry.path();
    expect_same_as_libpcap(entry.path().string());
    ++files;
  }
  EXPECT_GE(files, 10U);
}

// get.pcap (Ethernet), linux_dlt_sll2.pcap (Linux SLL2) and nflog-http.pcap (NFLOG) merged
// into one pcapng with three interfaces, as Wireshark's mergecap writes it.
class MixedLinkTypes : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::system("command -v mergecap >/dev/null 2>&1") != 0) GTEST_SKIP() << "mergecap not installed";
    const std::string zeek = std::string(GP_TEST_DATA_DIR) + "/external/zeek/";
    parts = {zeek + "http/get.pcap", zeek + "linux_dlt_sll2.pcap", zeek + "nflog-http.pcap"};
    merged = gp::test::temp_path("pcapng_mixed_links.pcapng").string();
    const std::string cmd =
        "mergecap -F pcapng -w '" + merged + "' '" + parts[0] + "' '" + parts[1] + "' '" + parts[2] + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  }
  void TearDown() override {
    std::error_code ignored;
    if (!merged.empty()) fs::remove(merged, ignored);
  }

  std::vector<std::string> parts;
  std::string merged;
};

TEST_F(MixedLinkTypes, LibpcapRefusesTheFile) {
  // Why the native reader exists: libpcap 1.10 stops at the second link type.
  const Digest theirs = via_libpcap(merged);
  EXPECT_TRUE(theirs.stopped_early);
  EXPECT_NE(theirs.error.find("different from the type of the first interface"), std::string::npos) << theirs.error;
}

TEST_F(MixedLinkTypes, EveryFrameIsReadWithItsInterfaceLinkType) {
  std::map<int, std::uint64_t> per_link;
  const Digest ours = via_ghostport(merged, &per_link);
  EXPECT_FALSE(ours.stopped_early) << ours.error;
  EXPECT_EQ(ours.frames, 14U + 6U + 13U);
  EXPECT_EQ(per_link, (std::map<int, std::uint64_t>{{DLT_EN10MB, 14}, {DLT_LINUX_SLL2, 6}, {DLT_NFLOG, 13}}));
  EXPECT_TRUE(std::is_sorted(ours.ts.begin(), ours.ts.end()));  // mergecap merges by time
}

TEST_F(MixedLinkTypes, FilterIsCompiledPerLinkType) {
  auto source = open_file_source(FileSourceOptions{merged, "icmp or icmp6"});
  RawFrame f;
  std::uint64_t n = 0;
  while (source->next(f) == ReadStatus::frame) {
    EXPECT_EQ(f.link_type, DLT_LINUX_SLL2);
    ++n;
  }
  EXPECT_EQ(n, 4U);  // the two ICMP and two ICMPv6 pings of linux_dlt_sll2.pcap
}

using FlowKey = std::tuple<std::string, std::uint16_t, std::string, std::uint16_t, std::uint8_t, std::uint64_t,
                           std::uint64_t, std::string>;

std::vector<FlowKey> flows_of(const std::string& path, CaptureSummary& summary) {
  struct Sink final : FlowSink {
    std::vector<FlowKey> keys;
    void flow_ended(const Flow&, const ConnRecord& r) override {
      keys.emplace_back(r.orig_h.to_string(), r.orig_p, r.resp_h.to_string(), r.resp_p, r.ip_proto, r.orig_pkts,
                        r.resp_pkts, r.history);
    }
  } sink;
  auto source = open_file_source(FileSourceOptions{path, ""});
  summary = run_capture(*source, PipelineOptions{}, sink);
  std::sort(sink.keys.begin(), sink.keys.end());
  return sink.keys;
}

TEST_F(MixedLinkTypes, FlowsDecodeEveryLinkTypeAsTheSeparateFilesDo) {
  CaptureSummary summary;
  const std::vector<FlowKey> merged_flows = flows_of(merged, summary);
  EXPECT_EQ(summary.end, ReadStatus::end) << summary.error;
  EXPECT_EQ(summary.frames, 33U);
  for (const auto& [what, count] : summary.decode.undecoded) {
    EXPECT_NE(what.first, UndecodedLayer::link_type) << describe_undecoded(what.first, what.second, count);
  }
  std::vector<FlowKey> separate;
  for (const std::string& part : parts) {
    CaptureSummary s;
    const std::vector<FlowKey> f = flows_of(part, s);
    separate.insert(separate.end(), f.begin(), f.end());
  }
  std::sort(separate.begin(), separate.end());
  EXPECT_EQ(merged_flows, separate);
  EXPECT_GE(merged_flows.size(), 4U);
}

}  // namespace
}  // namespace gp
