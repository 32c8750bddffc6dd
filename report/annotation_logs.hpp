// `analyze --log-dir DIR` (issue 10): Zeek-style logs that zeek-cut, jq and a SIEM ingest
// unchanged, in TSV (Zeek's #fields header) or JSON Lines.
//   conn.log   every flow, in Zeek's conn.log schema as `ghostport flows` writes it (the same
//              writer), with gp_label gp_confidence gp_standing gp_rules appended: the
//              verdict of the flow's conversation ("-" for a flow whose conversation was
//              never judged).
//   ports.log  one row per destination port group, as the analyze table shows them.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "annotate/flow_annotations.hpp"
#include "annotate/results.hpp"
#include "report/flow_spool.hpp"
#include "report/log_schema.hpp"
#include "report/log_sink.hpp"
#include "report/log_writer.hpp"

namespace gp::report {

// gp_label (string), gp_confidence (double), gp_standing (string), gp_rules (set[string]).
std::vector<LogField> conn_annotation_fields();

// ts port proto registered_service gp_standing flows clients servers conversations bytes
// gp_label gp_confidence gp_labels gp_rules gp_reason.
LogSchema ports_log_schema();

// Writes every spooled flow, in the order the flows ended, with its conversation's verdict.
void write_annotated_conn_log(ConnSpool& spool, const AnnotationIndex& index, LogFormat format, LogSink& sink,
                              TimeNs open_time, TimeNs close_time);

// One row per port group, in the result's order (orphaned-like ports first).
void write_ports_log(const AnalysisResult& result, LogFormat format, LogSink& sink, TimeNs open_time,
                     TimeNs close_time);

// A log file in the log directory; ok() false once a write failed.
class LogFile final : public LogSink {
 public:
  LogFile() = default;
  ~LogFile() override;
  LogFile(const LogFile&) = delete;
  LogFile& operator=(const LogFile&) = delete;

  // Creates or truncates `path`; returns the reason on failure ("" on success).
  std::string open(const std::string& path);
  void write(std::string_view bytes) override;
  void flush() override;
  bool ok() const override { return ok_; }
  // Flushes and closes; false if anything failed.
  bool close();

 private:
  std::FILE* file_ = nullptr;
  bool ok_ = true;
};

}  // namespace gp::report
