#include "live/event_writer.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fmt/core.h>

namespace gp::live {

EventWriter::EventWriter(std::string path, scan::TimeFormat time_format)
    : path_(std::move(path)), time_format_(time_format) {}

EventWriter::~EventWriter() { close(); }

// Pipes, FIFOs and sockets can stall; regular files and terminals are written as before.
// O_NONBLOCK is set only on a file description of our own: standard output's is shared with
// the shell that started us, so a pipe or FIFO there is opened again through /proc.
void EventWriter::setup_nonblocking(int fd, bool from_stdout) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return;
  if (S_ISSOCK(st.st_mode)) {
    fd_ = fd;
    socket_ = true;
  } else if (S_ISFIFO(st.st_mode)) {
    int own = fd;
    if (from_stdout) own = ::open(fmt::format("/proc/self/fd/{}", fd).c_str(), O_WRONLY | O_CLOEXEC | O_NONBLOCK);
    if (own < 0) return;  // no /proc: blocking writes, as before
    if (!from_stdout) ::fcntl(own, F_SETFL, ::fcntl(own, F_GETFL) | O_NONBLOCK);
    fd_ = own;
    own_fd_ = from_stdout;
  }
}

bool EventWriter::open() {
  if (to_stdout()) {
    file_ = stdout;
    std::fflush(stdout);
    setup_nonblocking(STDOUT_FILENO, true);
    return true;
  }
  file_ = std::fopen(path_.c_str(), "a");
  if (file_ == nullptr) {
    fail(fmt::format("cannot open event file '{}': {}", path_, std::strerror(errno)));
    return false;
  }
  setup_nonblocking(::fileno(file_), false);
  return true;
}

bool EventWriter::write_now(std::string_view& bytes) {
  while (!bytes.empty()) {
    const ::ssize_t n = socket_ ? ::send(fd_, bytes.data(), bytes.size(), MSG_DONTWAIT | MSG_NOSIGNAL)
                                : ::write(fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return true;
      fail(fmt::format("writing events to {} failed: {}", where(), std::strerror(errno)));
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Writes pending bytes, waiting for the reader at most `timeout_ms` in all (0: not at all).
bool EventWriter::drain(int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    std::string_view rest(pending_);
    if (!write_now(rest)) return false;
    pending_.erase(0, pending_.size() - rest.size());
    if (pending_.empty()) return true;
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLOUT, 0};
    ::poll(&p, 1, static_cast<int>(left.count()));
  }
}

void EventWriter::write(const Event& event) {
  if (tee_) tee_(event);
  if ((file_ == nullptr && fd_ < 0) || !ok()) return;
  // Capture-controlled strings (payload snippets in reasons) may hold invalid UTF-8:
  // replaced, never thrown.
  line_ = event.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  line_ += '\n';
  if (fd_ >= 0) {
    if (!pending_.empty() && !drain(0) && !ok()) return;
    if (!pending_.empty() && pending_.size() + line_.size() > kMaxPendingBytes) {
      ++dropped_;  // the reader is this far behind: a whole event goes, never half of one
      return;
    }
    if (pending_.empty()) {
      std::string_view rest(line_);
      if (!write_now(rest)) return;
      pending_.assign(rest);  // the rest of a line the reader took part of
    } else {
      pending_ += line_;
    }
    ++events_;
    return;
  }
  if (std::fwrite(line_.data(), 1, line_.size(), file_) != line_.size() || std::fflush(file_) != 0) {
    fail(fmt::format("writing events to {} failed: {}", where(), std::strerror(errno)));
    return;
  }
  ++events_;
}

void EventWriter::flush() {
  if (!ok()) return;
  if (fd_ >= 0) {
    drain(0);
    return;
  }
  if (file_ != nullptr && std::fflush(file_) != 0) {
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
  if (fd_ >= 0) {
    if (ok() && !drain(kCloseDeadlineMs) && ok()) {
      // Shutdown does not wait on a reader that stopped reading: what it never took is counted.
      const auto lost = static_cast<std::uint64_t>(std::count(pending_.begin(), pending_.end(), '\n'));
      dropped_ += lost;
      events_ -= std::min(events_, lost);
    }
    pending_.clear();
    if (own_fd_) ::close(fd_);
    fd_ = -1;
    own_fd_ = false;
    socket_ = false;
  }
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
