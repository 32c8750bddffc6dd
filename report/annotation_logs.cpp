#include "report/annotation_logs.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>

#include "report/conn_log.hpp"
#include "report/output_open.hpp"

namespace gp::report {
namespace {

namespace ports_col {
enum : std::size_t {
  ts,
  port,
  proto,
  registered_service,
  gp_standing,
  flows,
  clients,
  servers,
  conversations,
  bytes,
  gp_label,
  gp_confidence,
  gp_labels,
  gp_rules,
  gp_reason
};
}  // namespace ports_col

// The conversation a port's label and reason came from: the most confident one with the
// port's label (as the analyzer picks it).
const ConversationResult* best_conversation(const AnalysisResult& result, const PortResult& p) {
  const ConversationResult* best = nullptr;
  for (std::size_t i : p.conversations) {
    if (i >= result.conversations.size()) continue;
    const ConversationResult& c = result.conversations[i];
    if (c.verdict.label == p.label && (best == nullptr || c.verdict.confidence > best->verdict.confidence)) best = &c;
  }
  return best;
}

}  // namespace

std::vector<LogField> conn_annotation_fields() {
  return {LogField{"gp_label", ZeekType::string}, LogField{"gp_confidence", ZeekType::double_},
          LogField{"gp_standing", ZeekType::string}, LogField{"gp_rules", ZeekType::string_set}};
}

LogSchema ports_log_schema() {
  LogSchema s("ports");
  // Indices must match ports_col.
  s.add("ts", ZeekType::time);
  s.add("port", ZeekType::port);
  s.add("proto", ZeekType::enum_);
  s.add("registered_service", ZeekType::string);
  s.add("gp_standing", ZeekType::string);
  s.add("flows", ZeekType::count);
  s.add("clients", ZeekType::count);
  s.add("servers", ZeekType::count);
  s.add("conversations", ZeekType::count);
  s.add("bytes", ZeekType::count);
  s.add("gp_label", ZeekType::string);
  s.add("gp_confidence", ZeekType::double_);
  s.add("gp_labels", ZeekType::string_set);
  s.add("gp_rules", ZeekType::string_set);
  s.add("gp_reason", ZeekType::string);
  return s;
}

void write_annotated_conn_log(ConnSpool& spool, const AnnotationIndex& index, LogFormat format, LogSink& sink,
                              TimeNs open_time, TimeNs close_time) {
  const std::vector<LogField> extra = conn_annotation_fields();
  ConnLogWriter writer(format, sink, extra, open_time);
  const std::size_t label = conn_col::count;
  ConnRecord record;
  ConversationKey key;
  spool.rewind();
  while (spool.next(record, key)) {
    const std::uint32_t c = index.find(key);
    if (c != AnnotationIndex::kNone) {  // unjudged flows keep the columns unset ("-")
      const Verdict& v = index.conversation(c).verdict;
      LogRow& row = writer.extra();
      row.set_string(label, rules::to_string(v.label));
      row.set_double(label + 1, output_confidence(v.confidence));
      row.set_string(label + 2, index.standing(c));
      row.set_string_set(label + 3, index.rule_ids(c));
    }
    writer.write(record);
  }
  writer.close(close_time);
}

void write_ports_log(const AnalysisResult& result, LogFormat format, LogSink& sink, TimeNs open_time,
                     TimeNs close_time) {
  const LogSchema schema = ports_log_schema();
  LogRow row(schema);
  const auto writer = make_log_writer(format, schema, sink);
  writer->open(open_time);
  for (const PortResult& p : result.ports) {
    row.clear();
    row.set_time(ports_col::ts, p.first_start);
    row.set_port(ports_col::port, p.port);
    row.set_string(ports_col::proto, zeek_transport_name(p.ip_proto));
    if (!p.service.empty() && p.service != "-") row.set_string(ports_col::registered_service, p.service);
    row.set_string(ports_col::gp_standing, p.standing);
    row.set_count(ports_col::flows, p.flows);
    row.set_count(ports_col::clients, p.clients);
    row.set_count(ports_col::servers, p.servers);
    row.set_count(ports_col::conversations, p.conversation_count);
    row.set_count(ports_col::bytes, p.bytes);
    row.set_string(ports_col::gp_label, rules::to_string(p.label));
    row.set_double(ports_col::gp_confidence, output_confidence(p.confidence));
    StringSet breakdown;
    for (const LabelCount& l : p.breakdown)
      breakdown.push_back(fmt::format("{}:{}", rules::to_string(l.label), l.conversations));
    row.set_string_set(ports_col::gp_labels, std::move(breakdown));
    StringSet rules;
    if (const ConversationResult* best = best_conversation(result, p)) {
      for (const RuleEvidence& e : best->verdict.evidence) rules.push_back(e.rule_id);
    }
    row.set_string_set(ports_col::gp_rules, std::move(rules));
    if (!p.top_reason.empty()) row.set_string(ports_col::gp_reason, p.top_reason);
    writer->write(row);
  }
  writer->close(close_time);
}

LogFile::~LogFile() { close(); }

std::string LogFile::open(const std::string& path) {
  // A name we choose inside the user's directory: a symlink planted there is refused.
  std::string why;
  file_ = open_output(path, {.no_follow = true}, why).file;
  if (file_ == nullptr) return fmt::format("{}: {}", path, why);
  ok_ = true;
  return {};
}

void LogFile::write(std::string_view bytes) {
  if (!ok_ || file_ == nullptr) return;
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) ok_ = false;
}

void LogFile::flush() {
  if (file_ != nullptr && std::fflush(file_) != 0) ok_ = false;
}

bool LogFile::close() {
  if (file_ == nullptr) return ok_;
  if (std::fclose(file_) != 0) ok_ = false;
  file_ = nullptr;
  return ok_;
}

}  // namespace gp::report
