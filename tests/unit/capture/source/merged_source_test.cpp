// MergedSource: several files read as one in timestamp order, numbered across the merge,
// each file's interfaces kept apart, and a broken file stopping alone.
#include "capture/source/merged_source.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "tests/support/temp_path.hpp"

namespace gp {
namespace {

const std::string kZeek = std::string(GP_TEST_DATA_DIR) + "/external/zeek/";

struct Frame {
  TimeNs ts;
  std::uint64_t number;
  std::uint32_t interface_id;
  int link_type;
  std::size_t size;
};

struct Read {
  std::vector<Frame> frames;
  ReadStatus status = ReadStatus::end;
  std::string error;
};

Read read_all(PacketSource& source) {
  Read r;
  RawFrame f;
  while ((r.status = source.next(f)) == ReadStatus::frame) {
    r.frames.push_back({f.ts, f.number, f.interface_id, f.link_type, f.bytes.size()});
  }
  r.error = source.error_message();
  return r;
}

Read read_files(const std::vector<std::string>& paths) {
  auto source = open_file_sources(paths, "");
  return read_all(*source);
}

TEST(MergedSource, FramesComeInTimestampOrderNumberedAcrossTheMerge) {
  const std::string a = kZeek + "http/get.pcap";
  const std::string b = kZeek + "linux_dlt_sll2.pcap";
  const Read ra = read_files({a});
  const Read rb = read_files({b});
  const Read merged = read_files({a, b});
  ASSERT_EQ(merged.status, ReadStatus::end);
  ASSERT_EQ(merged.frames.size(), ra.frames.size() + rb.frames.size());
  for (std::size_t i = 0; i < merged.frames.size(); ++i) {
    EXPECT_EQ(merged.frames[i].number, i + 1);
    if (i > 0) {
      EXPECT_LE(merged.frames[i - 1].ts, merged.frames[i].ts);
    }
  }
  // Each file's frames keep their link type (Ethernet, Linux SLL2) and get an interface of
  // their own: one link type per merged interface, the two files on two interfaces.
  std::map<std::uint32_t, std::set<int>> link_types;
  for (const Frame& f : merged.frames) link_types[f.interface_id].insert(f.link_type);
  ASSERT_EQ(link_types.size(), 2U);
  EXPECT_EQ(link_types[0].size(), 1U);
  EXPECT_EQ(link_types[1].size(), 1U);
  EXPECT_NE(*link_types[0].begin(), *link_types[1].begin());
}

TEST(MergedSource, EqualTimestampsGoToTheFileNamedFirst) {
  const std::string a = kZeek + "http/get.pcap";
  const Read once = read_files({a});
  const Read twice = read_files({a, a});
  ASSERT_EQ(twice.frames.size(), 2 * once.frames.size());
  for (std::size_t i = 0; i < once.frames.size(); ++i) {
    EXPECT_EQ(twice.frames[2 * i].interface_id, 0U);
    EXPECT_EQ(twice.frames[2 * i + 1].interface_id, 1U);
    EXPECT_EQ(twice.frames[2 * i].ts, twice.frames[2 * i + 1].ts);
  }
}

TEST(MergedSource, ATruncatedFileStopsAloneAndNamesItself) {
  const std::string good = kZeek + "linux_dlt_sll2.pcap";
  const std::string get = kZeek + "http/get.pcap";
  const std::string cut = gp::test::temp_path("cut.pcap").string();
  {
    std::ifstream in(get, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ASSERT_GT(bytes.size(), 3000U);
    std::ofstream(cut, std::ios::binary).write(bytes.data(), 3000);
  }
  const Read alone = read_files({good});
  const Read merged = read_files({cut, good});
  EXPECT_EQ(merged.status, ReadStatus::truncated);
  EXPECT_EQ(merged.frames.size(), alone.frames.size() + 6);  // six whole packets before the cut
  EXPECT_NE(merged.error.find(cut + ": reading stopped after packet 6"), std::string::npos) << merged.error;
}

TEST(MergedSource, StandardInputOnlyOnceAndOpeningErrorsNameTheFile) {
  EXPECT_THROW((void)open_file_sources({"-", "-"}, ""), SourceError);
  EXPECT_THROW((void)open_file_sources({}, ""), SourceError);
  try {
    (void)open_file_sources({kZeek + "http/get.pcap", "/nonexistent/x.pcap"}, "");
    FAIL() << "no error";
  } catch (const SourceError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/x.pcap"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace gp
