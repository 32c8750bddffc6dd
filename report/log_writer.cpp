#include "report/log_writer.hpp"

#include "report/json_lines_writer.hpp"
#include "report/zeek_tsv_writer.hpp"

namespace gp::report {

std::string_view to_string(LogFormat f) {
  switch (f) {
    case LogFormat::zeek_tsv: return "tsv";
    case LogFormat::json: return "json";
  }
  return "?";
}

std::optional<LogFormat> parse_log_format(std::string_view text) {
  if (text == "tsv" || text == "zeek") return LogFormat::zeek_tsv;
  if (text == "json") return LogFormat::json;
  return std::nullopt;
}

std::unique_ptr<LogWriter> make_log_writer(LogFormat format, const LogSchema& schema, LogSink& sink) {
  switch (format) {
    case LogFormat::zeek_tsv: return std::make_unique<ZeekTsvWriter>(schema, sink);
    case LogFormat::json: return std::make_unique<JsonLinesWriter>(schema, sink);
  }
  return nullptr;
}

}  // namespace gp::report
