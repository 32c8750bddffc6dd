#include "report/conversation_stream.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>

#include "classify/features/port_standing.hpp"
#include "report/conversation_lines.hpp"

namespace gp::report {
namespace {

// Lines are gathered and written in blocks of about this size: one write per block, and the
// memory a stream holds does not grow with the capture.
constexpr std::size_t kBlockBytes = std::size_t{1} << 20U;

// How render_json() prints the top-level array when it is empty (two-space indent).
constexpr std::string_view kEmptyConversations = "\n  \"conversations\": []";

// A file with no name (O_TMPFILE): nothing is left behind whatever happens to the process.
std::FILE* open_spool(std::string& error) {
  const char* env = std::getenv("TMPDIR");
  const std::string dir = env != nullptr && *env != '\0' ? env : "/tmp";
  const int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0) {
    error = fmt::format(
        "-F json --conversations needs a temporary file in {} ({}): set TMPDIR to a writable "
        "directory, or use -F jsonl, which needs none",
        dir, std::strerror(errno));
    return nullptr;
  }
  std::FILE* f = ::fdopen(fd, "w+b");
  if (f == nullptr) ::close(fd);
  return f;
}

}  // namespace

ConversationStream::ConversationStream(AnalysisFormat format, bool only_orphaned,
                                       const registry::PortRegistry* registry, std::FILE* out)
    : format_(format), only_orphaned_(only_orphaned), registry_(registry), out_(out) {
  buffer_.reserve(kBlockBytes + 4096);
  if (format_ == AnalysisFormat::csv) buffer_ += conversation_csv_header();
  if (format_ == AnalysisFormat::json) {
    spool_ = open_spool(error_);
    if (spool_ == nullptr) {
      failed_ = true;
      if (error_.empty()) error_ = "-F json --conversations: no temporary file for the conversations";
    }
  }
}

ConversationStream::~ConversationStream() {
  if (spool_ != nullptr) std::fclose(spool_);
}

void ConversationStream::write(const ConversationResult& c) {
  if (only_orphaned_ && !is_orphan_like(port_standing(registry_, c.port, c.ip_proto))) return;
  switch (format_) {
    case AnalysisFormat::csv: buffer_ += conversation_csv_row(c); break;
    case AnalysisFormat::json:
      if (!empty_) buffer_ += JsonArrayLayout::between;
      buffer_ += conversation_json_element(c);
      break;
    default: buffer_ += conversation_json_line(c); break;
  }
  empty_ = false;
  if (buffer_.size() >= kBlockBytes) flush();
}

void ConversationStream::flush() {
  std::FILE* to = spool_ != nullptr ? spool_ : out_;
  if (!failed_ && !buffer_.empty()) failed_ = std::fwrite(buffer_.data(), 1, buffer_.size(), to) != buffer_.size();
  buffer_.clear();
}

bool ConversationStream::copy_spool() {
  if (std::fflush(spool_) != 0 || std::fseek(spool_, 0, SEEK_SET) != 0) return false;
  std::string block(kBlockBytes, '\0');
  for (;;) {
    const std::size_t n = std::fread(block.data(), 1, block.size(), spool_);
    if (n > 0 && std::fwrite(block.data(), 1, n, out_) != n) return false;
    if (n < block.size()) return std::ferror(spool_) == 0;
  }
}

bool ConversationStream::finish(std::string_view document) {
  flush();
  if (format_ == AnalysisFormat::json && !failed_) {
    const std::size_t at = document.find(kEmptyConversations);
    if (at == std::string_view::npos) {
      failed_ = true;  // not a document of render_json() with --conversations
    } else if (empty_) {
      failed_ = std::fwrite(document.data(), 1, document.size(), out_) != document.size();
    } else {
      const std::size_t open = at + kEmptyConversations.size() - 1;  // just past the '['
      const std::string_view head = document.substr(0, open);
      const std::string_view tail = document.substr(open);  // from the ']'
      const auto put = [this](std::string_view text) {
        return std::fwrite(text.data(), 1, text.size(), out_) == text.size();
      };
      failed_ = !put(head) || !put(JsonArrayLayout::before_first) || !copy_spool() ||
                !put(JsonArrayLayout::after_last) || !put(tail);
    }
  }
  if (std::fflush(out_) != 0) failed_ = true;
  return !failed_;
}

}  // namespace gp::report
