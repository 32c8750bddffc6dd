// RFC 4180 CSV, as IANA exports it: quoted fields may hold commas, doubled quotes and
// newlines, so a record can span several physical lines. Every field keeps the line and
// column where it starts, so a later semantic check can point at it.
//
// Errors are values: a malformed record is reported with its position and skipped, and
// reading resumes at the next line, so one bad row never discards the rest of the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gp {

struct CsvField {
  std::string text;  // unquoted, "" un-doubled
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

struct CsvRecord {
  std::vector<CsvField> fields;
  std::uint32_t line = 0;  // physical line where the record starts
};

struct CsvError {
  std::string message;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

class CsvReader {
 public:
  enum class Result : std::uint8_t { record, error, end };

  explicit CsvReader(std::string_view data) : data_(data) {}

  // Reads the next record into `record`, or describes a malformed one in `error` (the
  // reader has then already moved past it). Blank lines are skipped.
  Result next(CsvRecord& record, CsvError& error);

 private:
  struct Cursor {
    std::size_t pos = 0;
    std::uint32_t line = 1;
    std::uint32_t column = 1;
  };
  bool at_end() const { return cur_.pos >= data_.size(); }
  char peek() const { return data_[cur_.pos]; }
  void advance();
  bool at_line_end() const;
  void consume_line_end();
  void skip_to_line_after(std::uint32_t line);
  Result fail(CsvError& error, std::string message, std::uint32_t line, std::uint32_t column);

  std::string_view data_;
  Cursor cur_;
};

}  // namespace gp
