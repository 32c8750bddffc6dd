#include "report/zeek_escape.hpp"

#include <gtest/gtest.h>

#include <string>

namespace gp::report {
namespace {

std::string tsv(std::string_view s, bool in_set = false) {
  fmt::memory_buffer out;
  append_tsv_escaped(out, s, in_set);
  return fmt::to_string(out);
}

TEST(ZeekEscape, PrintableAsciiPassesUnchanged) { EXPECT_EQ(tsv("GET /index.html"), "GET /index.html"); }

TEST(ZeekEscape, TabAndNewlineBecomeHexEscapes) { EXPECT_EQ(tsv("a\tb\nc"), "a\\x09b\\x0ac"); }

TEST(ZeekEscape, BackslashIsEscapedSoEscapesStayUnambiguous) { EXPECT_EQ(tsv("a\\x09"), "a\\x5cx09"); }

TEST(ZeekEscape, ControlBytesAndDelAreEscaped) { EXPECT_EQ(tsv(std::string("\x00\x01\x7f", 3)), "\\x00\\x01\\x7f"); }

TEST(ZeekEscape, EmptyStringIsTheEmptyFieldMarker) { EXPECT_EQ(tsv(""), "(empty)"); }

TEST(ZeekEscape, LoneDashIsEscapedSoItIsNotReadAsUnset) {
  EXPECT_EQ(tsv("-"), "\\x2d");
  EXPECT_EQ(tsv("--"), "--");
}

TEST(ZeekEscape, CommaIsEscapedOnlyInsideSets) {
  EXPECT_EQ(tsv("a,b"), "a,b");
  EXPECT_EQ(tsv("a,b", true), "a\\x2cb");
}

TEST(ZeekEscape, ValidUtf8PassesInvalidBytesAreEscaped) {
  EXPECT_EQ(tsv("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_EQ(tsv("\xff\xfe"), "\\xff\\xfe");
  EXPECT_EQ(tsv("\xc3"), "\\xc3");                    // truncated sequence
  EXPECT_EQ(tsv("\xc0\xaf"), "\\xc0\\xaf");           // overlong '/'
  EXPECT_EQ(tsv("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // surrogate
}

TEST(ZeekEscape, JsonSafeUtf8RewritesOnlyInvalidBytes) {
  EXPECT_EQ(json_safe_utf8("ok\xc3\xa9\t"), "ok\xc3\xa9\t");
  EXPECT_EQ(json_safe_utf8("a\xff"), "a\\xff");
}

}  // namespace
}  // namespace gp::report
