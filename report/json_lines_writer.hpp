// JSON Lines as Zeek's JSON log writer produces them (LogAscii::use_json): one object per
// record, keys in schema order with Zeek's dotted names ("id.orig_h"), unset fields omitted,
// time and interval as epoch seconds (numbers), ports and counts as numbers, sets as arrays.
// No header or trailer: each line stands alone, which is what jq and log shippers expect.
#pragma once

#include "report/log_writer.hpp"

namespace gp::report {

class JsonLinesWriter final : public LogWriter {
 public:
  JsonLinesWriter(const LogSchema& schema, LogSink& sink) : schema_(schema), sink_(sink) {}
  void open(TimeNs) override {}
  void write(const LogRow& row) override;
  void close(TimeNs) override {}

 private:
  const LogSchema& schema_;
  LogSink& sink_;
};

}  // namespace gp::report
