// Load-time errors that read like a compiler's ("file:line:col: error: ..."), collected
// rather than thrown so that one bad row never hides the others (all errors, one pass).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gp {

struct SourceLocation {
  std::string file;
  std::uint32_t line = 0;    // 1-based; 0 = the file as a whole
  std::uint32_t column = 0;  // 1-based byte column; 0 = the line as a whole
};

enum class Severity : std::uint8_t { error, warning, note };

struct Diagnostic {
  Severity severity = Severity::error;
  SourceLocation where;
  std::string message;
};

// "rules/ports/x.toml:12:9: error: unknown key 'prot'"
std::string format(const Diagnostic& d);

class Diagnostics {
 public:
  void error(SourceLocation where, std::string message);
  void warning(SourceLocation where, std::string message);
  void note(SourceLocation where, std::string message);
  const std::vector<Diagnostic>& all() const { return items_; }
  std::size_t error_count() const;
  void append(const Diagnostics& other);

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace gp
