// The native pcapng reader on hand-built files: each test writes the smallest file that
// shows one rule of the pcapng spec (or one kind of damage) and checks the exact frames.
#include "capture/source/pcapng_reader.hpp"

#include <gtest/gtest.h>

#include <limits>

#include <vector>

#include "tests/unit/capture/source/pcapng_builder.hpp"

namespace gp {
namespace {

using test::PcapngBuilder;
using Bytes = PcapngBuilder::Bytes;

struct Read {
  std::vector<RawFrame> frames;
  std::vector<Bytes> bytes;  // copies: a frame's view dies at the next read
  ReadStatus status = ReadStatus::frame;
  std::string error;
};

Read read_all(const std::string& path, const std::string& filter = "") {
  Read r;
  auto source = open_file_source(FileSourceOptions{path, filter});
  RawFrame frame;
  while ((r.status = source->next(frame)) == ReadStatus::frame) {
    r.frames.push_back(frame);
    r.bytes.emplace_back(frame.bytes.begin(), frame.bytes.end());
  }
  r.error = source->error_message();
  return r;
}

const Bytes kA{0xde, 0xad, 0xbe, 0xef, 0x01};
const Bytes kB{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08};

TEST(PcapngReader, EachInterfaceKeepsItsLinkType) {
  PcapngBuilder b;
  b.section()
      .interface(1)
      .interface(113)
      .enhanced(0, 1'500'000'000'000'123, kA, 60)
      .enhanced(1, 1'500'000'001'000'000, kB);
  const Read r = read_all(b.write("two_links.pcapng"));
  ASSERT_EQ(r.status, ReadStatus::end) << r.error;
  ASSERT_EQ(r.frames.size(), 2U);
  EXPECT_EQ(r.frames[0].link_type, 1);
  EXPECT_EQ(r.frames[1].link_type, 113);
  EXPECT_EQ(r.frames[0].interface_id, 0U);
  EXPECT_EQ(r.frames[1].interface_id, 1U);
  EXPECT_EQ(r.frames[0].ts, 1'500'000'000'000'123'000);  // default resolution: microseconds
  EXPECT_EQ(r.frames[0].wire_len, 60U);
  EXPECT_EQ(r.bytes[0], kA);
  EXPECT_EQ(r.bytes[1], kB);
  EXPECT_EQ(r.frames[0].number, 1U);
  EXPECT_EQ(r.frames[1].number, 2U);
  EXPECT_EQ(r.frames[0].file_offset, 28 + 20 + 20);  // after the SHB and two IDBs
  EXPECT_EQ(r.frames[1].file_offset, 28 + 20 + 20 + 32 + 8);
}

TEST(PcapngReader, BigEndianSectionReadsTheSame) {
  PcapngBuilder little(false), big(true);
  for (PcapngBuilder* b : {&little, &big}) {
    b->section().interface(101, 65535, 9).enhanced(0, 1'234'567'890'123'456'789, kB);
  }
  const Read l = read_all(little.write("le.pcapng"));
  const Read g = read_all(big.write("be.pcapng"));
  ASSERT_EQ(g.status, ReadStatus::end) << g.error;
  ASSERT_EQ(g.frames.size(), 1U);
  EXPECT_EQ(g.frames[0].ts, 1'234'567'890'123'456'789);
  EXPECT_EQ(g.frames[0].link_type, 12);  // LINKTYPE_RAW 101 is DLT_RAW 12 to libpcap callers
  EXPECT_EQ(g.bytes[0], kB);
  ASSERT_EQ(l.frames.size(), 1U);
  EXPECT_EQ(l.frames[0].ts, g.frames[0].ts);
  EXPECT_EQ(l.bytes, g.bytes);
}

TEST(PcapngReader, TimestampResolutionAndOffsetPerInterface) {
  PcapngBuilder b;
  b.section()
      .interface(1, 0, 9)          // nanoseconds
      .interface(1, 0, 3, 1'000)   // milliseconds, clock 1000 s behind
      .interface(1, 0, 0x80 | 20)  // 2^-20 s
      .interface(1, 0, 12)         // picoseconds: cut to ns
      .enhanced(0, 5'000'000'007, kA)
      .enhanced(1, 5'007, kA)
      .enhanced(2, (std::uint64_t{3} << 20) | (std::uint64_t{1} << 19), kA)
      .enhanced(3, 2'000'000'000'001'999, kA);
  const Read r = read_all(b.write("tsresol.pcapng"));
  ASSERT_EQ(r.frames.size(), 4U) << r.error;
  EXPECT_EQ(r.frames[0].ts, 5'000'000'007);
  EXPECT_EQ(r.frames[1].ts, 1'005'007'000'000);
  EXPECT_EQ(r.frames[2].ts, 3'500'000'000);
  EXPECT_EQ(r.frames[3].ts, 2'000'000'000'001);
}

TEST(PcapngReader, NewSectionRestartsInterfacesAndMayFlipByteOrder) {
  PcapngBuilder b;
  b.section(false).interface(1).enhanced(0, 1, kA);
  b.section(true).interface(113).enhanced(0, 2, kB);
  const Read r = read_all(b.write("sections.pcapng"));
  ASSERT_EQ(r.status, ReadStatus::end) << r.error;
  ASSERT_EQ(r.frames.size(), 2U);
  EXPECT_EQ(r.frames[0].link_type, 1);
  EXPECT_EQ(r.frames[1].link_type, 113);
  EXPECT_EQ(r.frames[1].interface_id, 0U);
  EXPECT_EQ(r.frames[1].number, 2U);
  EXPECT_EQ(r.bytes[1], kB);
}

TEST(PcapngReader, SimplePacketUsesInterfaceZeroAndItsSnaplen) {
  PcapngBuilder b;
  b.section().interface(1, 4).simple(Bytes{1, 2, 3, 4}, 1500);
  const Read r = read_all(b.write("spb.pcapng"));
  ASSERT_EQ(r.frames.size(), 1U) << r.error;
  EXPECT_EQ(r.frames[0].ts, 0);
  EXPECT_EQ(r.frames[0].wire_len, 1500U);
  EXPECT_EQ(r.bytes[0], (Bytes{1, 2, 3, 4}));
}

TEST(PcapngReader, ObsoletePacketBlockIsRead) {
  PcapngBuilder b;
  b.section().interface(1).interface(105).obsolete(1, 7'000'000, kB);
  const Read r = read_all(b.write("pb.pcapng"));
  ASSERT_EQ(r.frames.size(), 1U) << r.error;
  EXPECT_EQ(r.frames[0].link_type, 105);
  EXPECT_EQ(r.frames[0].interface_id, 1U);
  EXPECT_EQ(r.frames[0].ts, 7'000'000'000);
}

TEST(PcapngReader, SkipsNameResolutionStatisticsSecretsAndCustomBlocks) {
  PcapngBuilder b;
  b.section().block(4, Bytes{0, 0, 0, 0}).interface(1).block(5, Bytes(20, 0)).block(0x0A, Bytes(12, 7));
  b.block(0x00000BAD, Bytes{1, 2, 3, 4, 5}).block(0x40000BAD, Bytes{}).block(0x12345678, Bytes(8, 1));
  b.enhanced(0, 1, kA);
  const Read r = read_all(b.write("skip.pcapng"));
  EXPECT_EQ(r.status, ReadStatus::end) << r.error;
  ASSERT_EQ(r.frames.size(), 1U);
  EXPECT_EQ(r.frames[0].number, 1U);
}

TEST(PcapngReader, TruncatedMidBlockKeepsEarlierFramesAndSaysWhere) {
  PcapngBuilder b;
  b.section().interface(1).enhanced(0, 1, kA).enhanced(0, 2, kB);
  b.out.resize(b.out.size() - 10);
  const std::string path = b.write("cut.pcapng");
  const Read r = read_all(path);
  EXPECT_EQ(r.status, ReadStatus::truncated);
  ASSERT_EQ(r.frames.size(), 1U);
  EXPECT_EQ(r.bytes[0], kA);
  EXPECT_EQ(r.error, path +
                         ": reading stopped after packet 1 at byte offset 88: truncated pcapng file; a block of 40 "
                         "bytes starts here, only 30 are left; the records read before it are reported");
}

TEST(PcapngReader, TruncatedInsideABlockHeader) {
  PcapngBuilder b;
  b.section().interface(1).enhanced(0, 1, kA);
  b.out.insert(b.out.end(), {6, 0, 0});
  const Read r = read_all(b.write("cut_header.pcapng"));
  EXPECT_EQ(r.status, ReadStatus::truncated);
  EXPECT_EQ(r.frames.size(), 1U);
  EXPECT_NE(r.error.find("after packet 1 at byte offset 88: truncated pcapng file; a block header is cut short after 3 "
                         "of 8 bytes"),
            std::string::npos)
      << r.error;
}

TEST(PcapngReader, EveryCutPointEndsCleanly) {
  PcapngBuilder b;
  b.section().interface(1, 0, 9).interface(113).enhanced(0, 1, kA).simple(kB, 8).enhanced(1, 3, kB);
  for (std::size_t cut = 4; cut < b.out.size(); ++cut) {
    PcapngBuilder shorter = b;
    shorter.out.resize(cut);
    const Read r = read_all(shorter.write("cuts.pcapng"));
    EXPECT_TRUE(r.status == ReadStatus::truncated || r.status == ReadStatus::end) << cut << ": " << r.error;
    EXPECT_LE(r.frames.size(), 3U);
  }
}

// Each corruption is read up to the bad block, which is an error (not truncation, not a crash).
struct Corruption {
  const char* name;
  std::size_t at;  // byte to overwrite, counted from the start of the second packet block
  std::vector<std::uint8_t> with;
  const char* says;
};

class PcapngCorruption : public ::testing::TestWithParam<Corruption> {};

TEST_P(PcapngCorruption, IsAnErrorAfterTheGoodFrames) {
  PcapngBuilder b;
  b.section().interface(1).enhanced(0, 1, kA);
  const std::size_t second = b.out.size();
  b.enhanced(0, 2, kB).enhanced(0, 3, kA);
  const Corruption& c = GetParam();
  for (std::size_t i = 0; i < c.with.size(); ++i) b.out[second + c.at + i] = c.with[i];
  const std::string path = b.write(std::string("corrupt_") + c.name + ".pcapng");
  const Read r = read_all(path);
  EXPECT_EQ(r.status, ReadStatus::error);
  ASSERT_EQ(r.frames.size(), 1U);
  EXPECT_EQ(r.error.rfind(path + ": reading stopped after packet 1 at byte offset " + std::to_string(second) + ": ", 0),
            0U)
      << r.error;
  EXPECT_NE(r.error.find(c.says), std::string::npos) << r.error;
}

INSTANTIATE_TEST_SUITE_P(
    Blocks, PcapngCorruption,
    ::testing::Values(Corruption{"length_not_multiple_of_4", 4, {41}, "length of 41, not a multiple of 4"},
                      Corruption{"length_too_small", 4, {8}, "length of 8, too small"},
                      Corruption{"length_huge", 4, {0, 0, 0, 0x7f}, "more than the 64 MiB limit"},
                      Corruption{"trailer_mismatch", 36, {44}, "length of 40 but a trailing length of 44"},
                      Corruption{"unknown_interface", 8, {3}, "for interface 3, but the section describes 1 interface"},
                      Corruption{"caplen_beyond_block", 20, {200}, "claims 200 captured bytes but holds only 8"}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(PcapngReader, PacketBeforeAnyInterfaceIsAnError) {
  PcapngBuilder b;
  b.section().enhanced(0, 1, kA);
  const Read r = read_all(b.write("no_idb.pcapng"));
  EXPECT_EQ(r.status, ReadStatus::error);
  EXPECT_NE(r.error.find("after packet 0 at byte offset 28: Enhanced Packet Block for interface 0, but the section "
                         "describes 0 interfaces"),
            std::string::npos)
      << r.error;
}

TEST(PcapngReader, UnsupportedVersionIsAnError) {
  PcapngBuilder b;
  b.section().interface(1);
  b.out[12] = 2;  // major version 2
  const Read r = read_all(b.write("v2.pcapng"));
  EXPECT_EQ(r.status, ReadStatus::error);
  EXPECT_NE(r.error.find("unsupported pcapng version 2.0"), std::string::npos) << r.error;
}

TEST(PcapngReader, InvalidFilterIsASourceErrorAtOpen) {
  PcapngBuilder b;
  b.section().interface(1).enhanced(0, 1, kA);
  const std::string path = b.write("filter.pcapng");
  try {
    (void)open_file_source(FileSourceOptions{path, "tcp port"});
    FAIL() << "no SourceError";
  } catch (const SourceError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("invalid BPF filter 'tcp port': ", 0), 0U) << e.what();
    EXPECT_NE(std::string(e.what()).find("; see pcap-filter(7)"), std::string::npos) << e.what();
  }
}

TEST(PcapngReader, FilterThatCannotApplyToALinkTypeMatchesNothingThere) {
  // 'ether' primitives compile for Ethernet but not for raw IP: the raw IP packets are
  // dropped, the Ethernet one passes, and numbers still count every packet in the file.
  Bytes eth(14 + 20, 0);
  eth[12] = 0x08;  // EtherType IPv4
  eth[14] = 0x45;
  eth[23] = 6;  // TCP
  const Bytes raw(eth.begin() + 14, eth.end());
  PcapngBuilder b;
  b.section().interface(1).interface(101).enhanced(1, 1, raw).enhanced(0, 2, eth).enhanced(1, 3, raw);
  const std::string path = b.write("filter_links.pcapng");
  const Read r = read_all(path, "ether dst 00:00:00:00:00:00");
  ASSERT_EQ(r.status, ReadStatus::end) << r.error;
  ASSERT_EQ(r.frames.size(), 1U);
  EXPECT_EQ(r.frames[0].number, 2U);
  EXPECT_EQ(r.frames[0].link_type, 1);
  EXPECT_EQ(read_all(path, "ip proto \\tcp").frames.size(), 3U);
}

TEST(PcapngReader, MissingFileIsASourceError) {
  EXPECT_THROW((void)open_file_source(FileSourceOptions{"/nonexistent/x.pcapng", ""}), SourceError);
}

}  // namespace
}  // namespace gp

namespace gp::pcapng {
namespace {

// Timestamps outside 1970..2106, from absurd ticks or an if_tsoffset that would wrap, are
// clamped like classic pcap's, never wrapped into negative or overflowing times.
TEST(PcapngInterface, TimestampsAreClampedToPcapsRange) {
  Interface micro;  // default: microseconds, no offset
  EXPECT_EQ(micro.to_ns(1'700'000'000'000'001ULL), TimeNs{1'700'000'000'000'001'000});
  EXPECT_EQ(micro.to_ns(~0ULL), TimeNs{0xffffffff} * 1'000'000'000);

  bool clamped = true;
  micro.to_ns(1'700'000'000'000'001ULL, &clamped);
  EXPECT_FALSE(clamped);
  micro.to_ns(~0ULL, &clamped);
  EXPECT_TRUE(clamped);

  Interface behind = micro;
  behind.offset_s = std::numeric_limits<std::int64_t>::min();
  EXPECT_EQ(behind.to_ns(1'700'000'000'000'000ULL, &clamped), 0);
  EXPECT_TRUE(clamped);

  Interface ahead = micro;
  ahead.offset_s = std::numeric_limits<std::int64_t>::max();
  EXPECT_EQ(ahead.to_ns(1'700'000'000'000'000ULL), TimeNs{0xffffffff} * 1'000'000'000);

  Interface shifted = micro;
  shifted.offset_s = -1'000'000'000;  // a real offset still applies
  EXPECT_EQ(shifted.to_ns(1'700'000'000'000'000ULL), TimeNs{700'000'000} * 1'000'000'000);
}

}  // namespace
}  // namespace gp::pcapng
