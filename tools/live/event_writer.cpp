#include "tools/live/event_writer.hpp"

#include <cerrno>
#include <cstring>
#include <fmt/core.h>

namespace gp::live {

EventWriter::EventWriter(std::string path, scan::TimeFormat time_format)
    : path_(std::move(path)), time_format_(time_format) {}

EventWriter::~EventWriter() { close(); }

bool EventWriter::open() {
  if (to_stdout()) {
    file_ = stdout;
    return true;
  }
  file_ = std::fopen(path_.c_str(), "a");
  if (file_ == nullptr) {
    fail(fmt::format("cannot open event file '{}': {}", path_, std::strerror(errno)));
    return false;
  }
  return true;
}

void EventWriter::write(const Event& event) {
  if (tee_) tee_(event);
  if (file_ == nullptr || !ok()) return;
  // Capture-controlled strings (payload snippets in reasons) may hold invalid UTF-8:
  // replaced, never thrown.
  line_ = event.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  line_ += '\n';
  if (std::fwrite(line_.data(), 1, line_.size(), file_) != line_.size() || std::fflush(file_) != 0) {
    fail(fmt::format("writing events to {} failed: {}", where(), std::strerror(errno)));
    return;
  }
  ++events_;
}

void EventWriter::flush() {
  if (file_ != nullptr && ok() && std::fflush(file_) != 0) {
    fail(fmt::format("writing events to {} failed: {}", where(), std::strerror(errno)));
  }
}

bool EventWriter::reopen() {
  if (to_stdout()) {
    flush();
    return ok();
  }
  close();
  return open();
}

void EventWriter::close() {
  if (file_ == nullptr) return;
  flush();
  if (file_ != stdout && std::fclose(file_) != 0 && ok()) {
    fail(fmt::format("closing {} failed: {}", where(), std::strerror(errno)));
  }
  file_ = nullptr;
}

void EventWriter::fail(const std::string& why) {
  if (error_.empty()) error_ = why;
}

}  // namespace gp::live
