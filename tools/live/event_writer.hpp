// The live event stream: one JSON object per line (JSON Lines), to standard output or a
// file. A file is opened for appending and can be reopened (SIGHUP, after logrotate moved
// it). Errors do not throw: the first one sticks, ok() turns false, error() says why.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <string>

namespace gp::live {

using Event = nlohmann::ordered_json;

class EventWriter {
 public:
  explicit EventWriter(std::string path);  // "" or "-": standard output
  ~EventWriter();
  EventWriter(const EventWriter&) = delete;
  EventWriter& operator=(const EventWriter&) = delete;

  bool open();
  void write(const Event& event);
  void flush();
  // Closes and opens the file again by name (standard output: flushes only).
  bool reopen();
  void close();

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  std::uint64_t events() const { return events_; }
  std::string where() const { return to_stdout() ? std::string("standard output") : path_; }

 private:
  bool to_stdout() const { return path_.empty() || path_ == "-"; }
  void fail(const std::string& why);

  std::string path_;
  std::FILE* file_ = nullptr;
  std::string line_;
  std::uint64_t events_ = 0;
  std::string error_;
};

}  // namespace gp::live
