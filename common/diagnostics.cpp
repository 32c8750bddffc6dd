#include "common/diagnostics.hpp"

#include "common/terminal_text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace gp {

namespace {
const char* severity_word(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
  }
  return "error";
}
}  // namespace

std::string format(const Diagnostic& d) {
  // Messages quote the file's own text (a key, a value): escaped, like every terminal view.
  std::string where = printable(d.where.file);
  if (d.where.line != 0) {
    where += fmt::format(":{}", d.where.line);
    if (d.where.column != 0) where += fmt::format(":{}", d.where.column);
  }
  return fmt::format("{}: {}: {}", where, severity_word(d.severity), printable(d.message));
}

void Diagnostics::error(SourceLocation where, std::string message) {
  items_.push_back({Severity::error, std::move(where), std::move(message)});
}
void Diagnostics::warning(SourceLocation where, std::string message) {
  items_.push_back({Severity::warning, std::move(where), std::move(message)});
}
void Diagnostics::note(SourceLocation where, std::string message) {
  items_.push_back({Severity::note, std::move(where), std::move(message)});
}

std::size_t Diagnostics::error_count() const {
  return static_cast<std::size_t>(
      std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::error; }));
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

}  // namespace gp
