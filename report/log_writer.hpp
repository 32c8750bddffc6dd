// Writes rows of one schema in one format. The formats share the schema and the row; only the
// rendering differs, so a column added to a schema appears in every format at once.
// Lifecycle: open() once (header), write() per record, close() once (trailer). A writer
// formats a whole line before handing it to the sink, and never flushes by itself.
#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include "common/time.hpp"
#include "report/log_row.hpp"
#include "report/log_schema.hpp"
#include "report/log_sink.hpp"

namespace gp::report {

enum class LogFormat : std::uint8_t { zeek_tsv, json };

// "tsv" / "json", as the CLI's -F option spells them; parse also accepts "zeek" for TSV.
std::string_view to_string(LogFormat f);
std::optional<LogFormat> parse_log_format(std::string_view text);

class LogWriter {
 public:
  virtual ~LogWriter() = default;
  virtual void open(TimeNs open_time) = 0;
  virtual void write(const LogRow& row) = 0;
  virtual void close(TimeNs close_time) = 0;
};

// The writer keeps a reference to the schema and the sink; both must outlive it.
std::unique_ptr<LogWriter> make_log_writer(LogFormat format, const LogSchema& schema, LogSink& sink);

}  // namespace gp::report
