#include "report/conversation_stream.hpp"

#include "classify/features/port_standing.hpp"
#include "report/conversation_lines.hpp"

namespace gp::report {
namespace {

// Lines are gathered and written in blocks of about this size: one write per block, and the
// memory a stream holds does not grow with the capture.
constexpr std::size_t kBlockBytes = std::size_t{1} << 20U;

}  // namespace

ConversationStream::ConversationStream(AnalysisFormat format, bool only_orphaned,
                                       const registry::PortRegistry* registry, std::FILE* out)
    : format_(format), only_orphaned_(only_orphaned), registry_(registry), out_(out) {
  buffer_.reserve(kBlockBytes + 4096);
  if (format_ == AnalysisFormat::csv) buffer_ += conversation_csv_header();
}

void ConversationStream::write(const ConversationResult& c) {
  if (only_orphaned_ && !is_orphan_like(port_standing(registry_, c.port, c.ip_proto))) return;
  buffer_ += format_ == AnalysisFormat::csv ? conversation_csv_row(c) : conversation_json_line(c);
  if (buffer_.size() >= kBlockBytes) flush();
}

void ConversationStream::flush() {
  if (!failed_ && !buffer_.empty()) failed_ = std::fwrite(buffer_.data(), 1, buffer_.size(), out_) != buffer_.size();
  buffer_.clear();
}

bool ConversationStream::finish() {
  flush();
  if (std::fflush(out_) != 0) failed_ = true;
  return !failed_;
}

}  // namespace gp::report
