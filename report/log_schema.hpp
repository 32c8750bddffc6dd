// A log's shape: its Zeek #path and ordered, typed columns. Every output format (Zeek TSV,
// JSON Lines) is written from the same schema, so the formats cannot drift apart.
// Columns are only ever appended, so later stages (labels, confidence, …) extend a log
// without renumbering the columns before them.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "report/zeek_type.hpp"

namespace gp::report {

struct LogField {
  std::string name;  // Zeek's dotted name, e.g. "id.orig_h"
  ZeekType type = ZeekType::string;
};

class LogSchema {
 public:
  explicit LogSchema(std::string path) : path_(std::move(path)) {}

  // Appends a column and returns its index. Duplicate names are a programming error
  // (std::logic_error): both formats key on the name.
  std::size_t add(std::string name, ZeekType type);
  void append(std::span<const LogField> fields);

  const std::string& path() const { return path_; }
  std::span<const LogField> fields() const { return fields_; }
  std::size_t size() const { return fields_.size(); }
  const LogField& operator[](std::size_t i) const { return fields_[i]; }

 private:
  std::string path_;
  std::vector<LogField> fields_;
};

}  // namespace gp::report
