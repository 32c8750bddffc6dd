// One schema, two formats: the same rows rendered as Zeek TSV and as JSON Lines, compared with
// what Zeek writes for the same values.
#include "report/log_writer.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <ctime>
#include <stdexcept>

namespace gp::report {
namespace {

constexpr TimeNs kOpen = 1'700'000'000'000'000'000;   // 2023-11-14-22-13-20 UTC
constexpr TimeNs kClose = 1'700'000'001'000'000'000;  // 2023-11-14-22-13-21 UTC

IpAddress v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
  const std::array<std::uint8_t, 4> bytes{a, b, c, d};
  return IpAddress::from_v4(bytes);
}

LogSchema every_type_schema() {
  LogSchema s("test");
  s.add("ts", ZeekType::time);
  s.add("name", ZeekType::string);
  s.add("id.orig_h", ZeekType::addr);
  s.add("id.orig_p", ZeekType::port);
  s.add("proto", ZeekType::enum_);
  s.add("duration", ZeekType::interval);
  s.add("n", ZeekType::count);
  s.add("ok", ZeekType::bool_);
  s.add("tags", ZeekType::string_set);
  return s;
}

void fill(LogRow& row) {
  row.set_time(0, 1'300'475'167'096'535'000);
  row.set_string(1, "a\tb");
  row.set_addr(2, v4(10, 0, 0, 1));
  row.set_port(3, 3255);
  row.set_string(4, "tcp");
  row.set_interval(5, 85'447'000);
  row.set_count(6, 42);
  row.set_bool(7, true);
  row.set_string_set(8, {"x", "y,z"});
}

std::string render(LogFormat format, void (*fill_row)(LogRow&)) {
  setenv("TZ", "UTC", 1);
  tzset();
  const LogSchema schema = every_type_schema();
  StringSink sink;
  auto writer = make_log_writer(format, schema, sink);
  writer->open(kOpen);
  LogRow row(schema);
  fill_row(row);
  writer->write(row);
  writer->close(kClose);
  return sink.text();
}

TEST(LogWriter, ZeekTsvHeaderRecordAndCloseAreByteExact) {
  EXPECT_EQ(render(LogFormat::zeek_tsv, fill),
            "#separator \\x09\n"
            "#set_separator\t,\n"
            "#empty_field\t(empty)\n"
            "#unset_field\t-\n"
            "#path\ttest\n"
            "#open\t2023-11-14-22-13-20\n"
            "#fields\tts\tname\tid.orig_h\tid.orig_p\tproto\tduration\tn\tok\ttags\n"
            "#types\ttime\tstring\taddr\tport\tenum\tinterval\tcount\tbool\tset[string]\n"
            "1300475167.096535\ta\\x09b\t10.0.0.1\t3255\ttcp\t0.085447\t42\tT\tx,y\\x2cz\n"
            "#close\t2023-11-14-22-13-21\n");
}

TEST(LogWriter, ZeekTsvWritesUnsetAsDashAndEmptyAsEmptyMarker) {
  const std::string out = render(LogFormat::zeek_tsv, [](LogRow& row) {
    row.set_string(1, "");
    row.set_string_set(8, {});
  });
  EXPECT_NE(out.find("\n-\t(empty)\t-\t-\t-\t-\t-\t-\t(empty)\n"), std::string::npos) << out;
}

TEST(LogWriter, JsonLinesUseZeekNamesNumbersForTimeAndOmitUnset) {
  EXPECT_EQ(render(LogFormat::json, fill),
            R"({"ts":1300475167.096535,"name":"a\tb","id.orig_h":"10.0.0.1","id.orig_p":3255,)"
            R"("proto":"tcp","duration":0.085447,"n":42,"ok":true,"tags":["x","y,z"]})"
            "\n");
  EXPECT_EQ(render(LogFormat::json, [](LogRow& row) { row.set_count(6, 0); }), "{\"n\":0}\n");
}

TEST(LogWriter, JsonLinesShowInvalidUtf8AsZeekDoes) {
  EXPECT_EQ(render(LogFormat::json, [](LogRow& row) { row.set_string(1, "a\xff"); }), "{\"name\":\"a\\\\xff\"}\n");
}

TEST(LogWriter, SettingAValueOfTheWrongTypeIsAProgrammingError) {
  const LogSchema schema = every_type_schema();
  LogRow row(schema);
  EXPECT_THROW(row.set_count(1, 1), std::logic_error);
  EXPECT_THROW(row.set_string(0, "x"), std::logic_error);
  EXPECT_THROW(row.set_count(99, 1), std::logic_error);
}

TEST(LogWriter, DuplicateFieldNamesAreRejected) {
  LogSchema s("dup");
  s.add("a", ZeekType::count);
  EXPECT_THROW(s.add("a", ZeekType::string), std::logic_error);
}

TEST(LogWriter, FormatNamesRoundTrip) {
  for (const LogFormat f : {LogFormat::zeek_tsv, LogFormat::json}) {
    EXPECT_EQ(parse_log_format(to_string(f)), f);
  }
  EXPECT_FALSE(parse_log_format("xml").has_value());
}

TEST(LogWriter, ZeekTypeNamesRoundTrip) {
  for (const ZeekType t : {ZeekType::time, ZeekType::string, ZeekType::addr, ZeekType::port, ZeekType::enum_,
                           ZeekType::interval, ZeekType::count, ZeekType::bool_, ZeekType::string_set}) {
    EXPECT_EQ(parse_zeek_type(to_string(t)), t);
  }
}

}  // namespace
}  // namespace gp::report
