// The pcapng writer (report/) read back by our reader and by tshark: packets unchanged,
// link types per interface kept, comments where Wireshark shows them.
#include "report/pcapng_writer.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "capture/source/packet_source.hpp"
#include "tests/support/temp_path.hpp"

namespace gp {
namespace {

namespace fs = std::filesystem;

const std::vector<std::uint8_t> kEth = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00, 0x45};  // 15 bytes
const std::vector<std::uint8_t> kRaw = {0x45, 0, 0, 20, 0, 0, 0, 0, 64, 17, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8};

std::string write_sample(const std::string& name) {
  const std::string path = gp::test::temp_path(name).string();
  report::PcapngWriter w(path);
  w.write_section_header("ghostport 0.1.0; rules default");
  const std::uint32_t eth = w.add_interface(1, 65535, "eth0");
  const std::uint32_t raw = w.add_interface(12, 262144, "tun0", 6);  // DLT_RAW, microseconds
  EXPECT_EQ(eth, 0U);
  EXPECT_EQ(raw, 1U);
  w.write_packet(eth, 1'700'000'000'123'456'789, kEth, 60, "label=scanner_noise confidence=0.9 rules=r1,r2");
  w.write_packet(raw, 1'700'000'001'000'002'999, kRaw, 20, "");
  w.write_packet(eth, 1'700'000'002'000'000'000, kEth, 15, "ünïcode, \"quoted\"");
  w.flush();
  EXPECT_TRUE(w.ok()) << w.error();
  return path;
}

TEST(PcapngWriter, OurReaderGetsEveryPacketBack) {
  const std::string path = write_sample("gp_writer_roundtrip.pcapng");
  auto source = open_file_source(FileSourceOptions{path, ""});
  std::vector<RawFrame> frames;
  std::vector<std::vector<std::uint8_t>> bytes;
  RawFrame f;
  ReadStatus s;
  while ((s = source->next(f)) == ReadStatus::frame) {
    frames.push_back(f);
    bytes.emplace_back(f.bytes.begin(), f.bytes.end());
  }
  ASSERT_EQ(s, ReadStatus::end) << source->error_message();
  ASSERT_EQ(frames.size(), 3U);
  EXPECT_EQ(frames[0].ts, 1'700'000'000'123'456'789);
  EXPECT_EQ(frames[1].ts, 1'700'000'001'000'002'000);  // microsecond interface: cut to µs
  EXPECT_EQ(frames[0].link_type, 1);
  EXPECT_EQ(frames[1].link_type, 12);  // DLT_RAW written as LINKTYPE_RAW and read back
  EXPECT_EQ(frames[0].wire_len, 60U);
  EXPECT_EQ(bytes[0], kEth);
  EXPECT_EQ(bytes[1], kRaw);
  EXPECT_EQ(bytes[2], kEth);
  EXPECT_EQ(frames[2].interface_id, 0U);
  EXPECT_EQ(fs::file_size(path) % 4, 0U);
}

TEST(PcapngWriter, TsharkShowsCommentsAndLengths) {
  if (std::system("command -v tshark >/dev/null 2>&1") != 0) GTEST_SKIP() << "tshark not installed";
  const std::string path = write_sample("gp_writer_tshark.pcapng");
  const std::string cmd = "tshark -r '" + path + "' -T fields -e frame.comment -e frame.len 2>/dev/null";
  std::FILE* out = ::popen(cmd.c_str(), "r");
  ASSERT_NE(out, nullptr);
  std::string text;
  std::array<char, 512> chunk{};
  while (std::fgets(chunk.data(), static_cast<int>(chunk.size()), out) != nullptr) text += chunk.data();
  ASSERT_EQ(::pclose(out), 0) << text;
  EXPECT_EQ(text, "label=scanner_noise confidence=0.9 rules=r1,r2\t60\n\t20\nünïcode, \"quoted\"\t15\n");

  const std::string section = "capinfos -k '" + path + "' 2>/dev/null | grep -q 'ghostport 0.1.0; rules default'";
  EXPECT_EQ(std::system(section.c_str()), 0) << "section comment not shown by capinfos";
}

TEST(PcapngWriter, MisuseIsReportedNotWritten) {
  const std::string path = gp::test::temp_path("writer_misuse.pcapng").string();
  report::PcapngWriter w(path);
  w.write_section_header("");
  w.write_packet(0, 0, kEth, 15, "");
  EXPECT_FALSE(w.ok());
  EXPECT_EQ(w.error(), "packet for interface 0, but only 0 described");

  report::PcapngWriter nowhere(std::string("/nonexistent/dir/out.pcapng"));
  EXPECT_FALSE(nowhere.ok());
  EXPECT_NE(nowhere.error().find("/nonexistent/dir/out.pcapng: "), std::string::npos);
}

}  // namespace
}  // namespace gp
