#include "common/csv_reader.hpp"

#include <gtest/gtest.h>

namespace gp {
namespace {

TEST(CsvReader, QuotedFieldsKeepCommasNewlinesAndDoubledQuotes) {
  CsvReader r("a,\"b,c\",\"line1\nline2\",\"say \"\"hi\"\"\"\nnext,row\n");
  CsvRecord rec;
  CsvError err;
  ASSERT_EQ(r.next(rec, err), CsvReader::Result::record);
  ASSERT_EQ(rec.fields.size(), 4U);
  EXPECT_EQ(rec.fields[1].text, "b,c");
  EXPECT_EQ(rec.fields[2].text, "line1\nline2");
  EXPECT_EQ(rec.fields[3].text, "say \"hi\"");
  EXPECT_EQ(rec.fields[3].line, 2U);
  EXPECT_EQ(rec.fields[3].column, 8U);
  ASSERT_EQ(r.next(rec, err), CsvReader::Result::record);
  EXPECT_EQ(rec.line, 3U);  // the record after a two-line record starts on line 3
  EXPECT_EQ(rec.fields[1].text, "row");
  EXPECT_EQ(r.next(rec, err), CsvReader::Result::end);
}

TEST(CsvReader, CrlfAndTrailingEmptyField) {
  CsvReader r("a,b,\r\nc,d,e\r\n");
  CsvRecord rec;
  CsvError err;
  ASSERT_EQ(r.next(rec, err), CsvReader::Result::record);
  ASSERT_EQ(rec.fields.size(), 3U);
  EXPECT_EQ(rec.fields[2].text, "");
  ASSERT_EQ(r.next(rec, err), CsvReader::Result::record);
  EXPECT_EQ(rec.fields[2].text, "e");
}

TEST(CsvReader, StrayQuoteIsReportedAndReadingResumesNextLine) {
  CsvReader r("ok,1\nba\"d,2\nok,3\n");
  CsvRecord rec;
  CsvError err;
  ASSERT_EQ(r.next(rec, err), CsvReader::Result::record);
  ASSERT_EQ(r.next(rec, err), CsvReader::Result::error);
  EXPECT_EQ(err.line, 2U);
  EXPECT_EQ(err.column, 3U);
  ASSERT_EQ(r.next(rec, err), CsvReader::Result::record);
  EXPECT_EQ(rec.fields[1].text, "3");
}

TEST(CsvReader, UnterminatedQuoteDoesNotSwallowTheRestOfTheFile) {
  CsvReader r("x,\"open\ny,2\nz,3\n");
  CsvRecord rec;
  CsvError err;
  ASSERT_EQ(r.next(rec, err), CsvReader::Result::error);
  EXPECT_EQ(err.line, 1U);
  EXPECT_EQ(err.column, 3U);
  ASSERT_EQ(r.next(rec, err), CsvReader::Result::record);
  EXPECT_EQ(rec.fields[0].text, "y");
  ASSERT_EQ(r.next(rec, err), CsvReader::Result::record);
  EXPECT_EQ(rec.fields[0].text, "z");
}

// Issue 26 item 7: a quote left open on line 2 is "closed" by the next field's opening quote
// on line 5; the error names line 2, where the quote is missing, and reading resumes on line 3.
TEST(CsvReader, UnterminatedQuoteClosedByALaterFieldIsReportedWhereItOpened) {
  CsvReader r("h,1\nx,\"open\ny,3\nw,4\nv,\"quoted\",5\n");
  CsvRecord rec;
  CsvError err;
  ASSERT_EQ(r.next(rec, err), CsvReader::Result::record);
  ASSERT_EQ(r.next(rec, err), CsvReader::Result::error);
  EXPECT_EQ(err.line, 2U);
  EXPECT_EQ(err.column, 3U);
  EXPECT_NE(err.message.find("runs on to 5:"), std::string::npos) << err.message;
  ASSERT_EQ(r.next(rec, err), CsvReader::Result::record);
  EXPECT_EQ(rec.fields[0].text, "y");
}

TEST(CsvReader, TextAfterClosingQuoteIsAnError) {
  CsvReader r("\"a\"b,c\n");
  CsvRecord rec;
  CsvError err;
  ASSERT_EQ(r.next(rec, err), CsvReader::Result::error);
  EXPECT_EQ(err.line, 1U);
  EXPECT_EQ(err.column, 4U);
}

}  // namespace
}  // namespace gp
