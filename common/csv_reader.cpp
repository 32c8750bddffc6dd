#include "common/csv_reader.hpp"

#include <fmt/core.h>

namespace gp {

void CsvReader::advance() {
  if (data_[cur_.pos] == '\n') {
    ++cur_.line;
    cur_.column = 1;
  } else {
    ++cur_.column;
  }
  ++cur_.pos;
}

bool CsvReader::at_line_end() const {
  return at_end() || peek() == '\n' || (peek() == '\r' && cur_.pos + 1 < data_.size() && data_[cur_.pos + 1] == '\n');
}

void CsvReader::consume_line_end() {
  if (!at_end() && peek() == '\r') advance();
  if (!at_end() && peek() == '\n') advance();
}

// Resynchronise after a malformed record: resume at the start of the physical line that
// follows `line`, ignoring quotes (they are what we can no longer trust).
void CsvReader::skip_to_line_after(std::uint32_t line) {
  while (!at_end() && cur_.line <= line) advance();
}

CsvReader::Result CsvReader::fail(CsvError& error, std::string message, std::uint32_t line, std::uint32_t column) {
  error.message = std::move(message);
  error.line = line;
  error.column = column;
  return Result::error;
}

CsvReader::Result CsvReader::next(CsvRecord& record, CsvError& error) {
  record.fields.clear();
  while (!at_end() && at_line_end()) consume_line_end();  // blank lines
  if (at_end()) return Result::end;
  record.line = cur_.line;

  for (;;) {
    CsvField field;
    field.line = cur_.line;
    field.column = cur_.column;
    if (!at_end() && peek() == '"') {
      const Cursor open = cur_;
      advance();
      for (;;) {
        if (at_end()) {
          // Everything after an unmatched quote would be swallowed into one field; report
          // the quote and re-read from the next line instead.
          cur_ = open;
          skip_to_line_after(open.line);
          return fail(error, "unterminated quoted field (opening quote has no closing quote)", open.line, open.column);
        }
        const char c = peek();
        if (c == '"') {
          advance();
          if (!at_end() && peek() == '"') {  // RFC 4180 2.7: "" is a literal quote
            field.text.push_back('"');
            advance();
            continue;
          }
          break;
        }
        field.text.push_back(c);
        advance();
      }
      if (!at_line_end() && peek() != ',') {
        const std::uint32_t line = cur_.line;
        const std::uint32_t column = cur_.column;
        if (line != open.line) {
          // A quote left open swallows the lines after it until some other field's quote
          // "closes" it: the mistake is where it opened, not where that shows.
          cur_ = open;
          skip_to_line_after(open.line);
          return fail(error,
                      fmt::format("quoted field never closed: it runs on to {}:{}, where a character follows the "
                                  "quote taken as its end (add the missing closing quote)",
                                  line, column),
                      open.line, open.column);
        }
        skip_to_line_after(line);
        return fail(error, "unexpected character after closing quote", line, column);
      }
    } else {
      while (!at_line_end() && peek() != ',') {
        if (peek() == '"') {
          const std::uint32_t line = cur_.line;
          const std::uint32_t column = cur_.column;
          skip_to_line_after(line);
          return fail(error, "quote inside an unquoted field (RFC 4180 requires quoting it)", line, column);
        }
        field.text.push_back(peek());
        advance();
      }
    }
    record.fields.push_back(std::move(field));
    if (at_line_end()) {
      consume_line_end();
      return Result::record;
    }
    advance();  // the comma
  }
}

}  // namespace gp
