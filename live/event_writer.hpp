// The live event stream: one JSON object per line (JSON Lines), to standard output or a
// file, each line flushed as it is written (a `tail -f` or a log shipper never sees half an
// event, nor waits for a buffer to fill on a quiet link). A file is opened for appending and
// can be reopened (SIGHUP, after logrotate moved it). Timestamps are written as the run
// asked (--time-format): epoch seconds or ISO 8601 in UTC. Errors do not throw: the first
// one sticks, ok() turns false, error() says why.
// A reader that stalls (a pipe, a FIFO or a socket whose reader sleeps) must not stall capture
// nor shutdown: to those the writer writes without blocking, keeps what the reader has not
// taken in a bounded buffer, drops whole events past it (counted), and on close waits at
// most kCloseDeadlineMs for the reader before dropping the rest.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>

#include "common/time.hpp"
#include "classify/scan/scan_episode_json.hpp"

namespace gp::live {

using Event = nlohmann::ordered_json;

class EventWriter {
 public:
  // "" or "-": standard output.
  explicit EventWriter(std::string path, scan::TimeFormat time_format = scan::TimeFormat::epoch);
  ~EventWriter();
  EventWriter(const EventWriter&) = delete;
  EventWriter& operator=(const EventWriter&) = delete;

  bool open();
  void write(const Event& event);
  // Also hands every event written to `tee` (ghostport live --publish).
  void set_tee(std::function<void(const Event&)> tee) { tee_ = std::move(tee); }
  void flush();
  // Closes and opens the file again by name (standard output: flushes only).
  bool reopen();
  void close();

  // A timestamp in the run's format.
  nlohmann::ordered_json time(TimeNs t) const { return scan::time_json(t, time_format_); }
  scan::TimeFormat time_format() const { return time_format_; }

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  std::uint64_t events() const { return events_; }
  std::uint64_t dropped() const { return dropped_; }  // events a stalled reader never got

  static constexpr std::size_t kMaxPendingBytes = std::size_t{4} << 20;
  static constexpr int kCloseDeadlineMs = 2000;
  std::string where() const { return to_stdout() ? std::string("standard output") : path_; }

 private:
  bool to_stdout() const { return path_.empty() || path_ == "-"; }
  void fail(const std::string& why);
  void setup_nonblocking(int fd, bool from_stdout);
  // Writes what the reader takes now; false on an error other than "would block".
  bool write_now(std::string_view& bytes);
  bool drain(int timeout_ms);

  std::string path_;
  scan::TimeFormat time_format_;
  std::FILE* file_ = nullptr;
  int fd_ = -1;          // >= 0: non-blocking output (pipe, FIFO, socket); file_ unused
  bool own_fd_ = false;  // fd_ is ours to close
  bool socket_ = false;  // send(MSG_DONTWAIT) instead of write
  std::string pending_;  // written, not yet taken by the reader
  std::uint64_t dropped_ = 0;
  std::string line_;
  std::uint64_t events_ = 0;
  std::string error_;
  std::function<void(const Event&)> tee_;
};

}  // namespace gp::live
