// Zeek's ASCII log format, byte for byte as Zeek's default writer produces it: the
// #separator … #types header, one tab-separated record per line, "-" for unset, "(empty)"
// for empty strings and sets, and #close at the end. zeek-cut reads it unchanged.
#pragma once

#include <fmt/format.h>

#include "report/log_writer.hpp"

namespace gp::report {

class ZeekTsvWriter final : public LogWriter {
 public:
  ZeekTsvWriter(const LogSchema& schema, LogSink& sink) : schema_(schema), sink_(sink) {}
  void open(TimeNs open_time) override;
  void write(const LogRow& row) override;
  void close(TimeNs close_time) override;

 private:
  const LogSchema& schema_;
  LogSink& sink_;
  fmt::memory_buffer line_;  // reused for every record
};

}  // namespace gp::report
