#include "live/packet_recorder.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fmt/core.h>

namespace gp::live {
namespace {
// Block overhead of an Enhanced Packet Block without options (pcapng §4.3), for the size
// count: 28 bytes of header and trailer plus padding to 32 bits.
std::uint64_t epb_size(std::size_t caplen) { return 32U + ((caplen + 3U) & ~std::size_t{3}); }
}  // namespace

PacketRecorder::PacketRecorder(RecorderOptions options) : options_(std::move(options)) {}

PacketRecorder::~PacketRecorder() { close(); }

std::string PacketRecorder::path_for(std::uint64_t sequence) const {
  if (!rotating()) return options_.path;
  const std::string& p = options_.path;
  const auto slash = p.find_last_of('/');
  const auto dot = p.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash) || dot == slash + 1 || dot == 0) {
    return fmt::format("{}.{}", p, sequence);
  }
  return fmt::format("{}.{}{}", p.substr(0, dot), sequence, p.substr(dot));
}

std::string PacketRecorder::current_path() const { return path_for(sequence_); }

bool PacketRecorder::open(TimeNs now) {
  sequence_ = 1;
  return start_file(now, false);
}

bool PacketRecorder::start_file(TimeNs now, bool append) {
  if (options_.path == "-") {
    if (file_ == nullptr) file_ = stdout;
  } else {
    const std::string path = path_for(sequence_);
    file_ = std::fopen(path.c_str(), append ? "ab" : "wb");
    if (file_ == nullptr) {
      fail(fmt::format("cannot open packet file '{}': {}", path, std::strerror(errno)));
      return false;
    }
    if (rotating() && options_.keep_files > 0 && sequence_ > options_.keep_files) {
      // This run wrote that file; if something else stands there now (a device, a FIFO,
      // a symlink) it is not ours to remove.
      const std::string old = path_for(sequence_ - options_.keep_files);
      struct stat st {};
      if (::lstat(old.c_str(), &st) == 0 && S_ISREG(st.st_mode) && std::remove(old.c_str()) != 0 && errno != ENOENT) {
        fail(fmt::format("cannot remove rotated packet file '{}': {}", old, std::strerror(errno)));
        return false;
      }
    }
  }
  writer_ = std::make_unique<report::PcapngWriter>(file_);
  writer_->write_section_header(options_.comment);
  writer_->add_interface(options_.link_type, options_.snaplen, options_.interface_name);
  file_bytes_ = 0;
  file_started_ = now;
  ++files_opened_;
  if (!writer_->ok()) {
    fail(writer_->error());
    return false;
  }
  return true;
}

void PacketRecorder::write(const RawFrame& frame) {
  if (writer_ == nullptr || !ok()) return;
  if (rotating() && file_bytes_ > 0 &&
      ((options_.rotate_bytes > 0 && file_bytes_ + epb_size(frame.bytes.size()) > options_.rotate_bytes) ||
       (options_.rotate_interval > 0 && frame.ts - file_started_ >= options_.rotate_interval))) {
    close();
    ++sequence_;
    if (!start_file(frame.ts, false)) return;
  }
  writer_->write_packet(0, frame.ts, frame.bytes, frame.wire_len, {});
  file_bytes_ += epb_size(frame.bytes.size());
  ++packets_;
  if (!writer_->ok()) fail(writer_->error());
}

void PacketRecorder::flush() {
  if (writer_ == nullptr) return;
  writer_->flush();
  if (!writer_->ok()) fail(writer_->error());
}

bool PacketRecorder::reopen(TimeNs now) {
  if (options_.path == "-") {
    flush();
    return ok();
  }
  close();
  if (rotating()) {
    ++sequence_;
    return start_file(now, false);
  }
  return start_file(now, true);
}

void PacketRecorder::close() {
  if (writer_ != nullptr) {
    writer_->flush();
    if (!writer_->ok()) fail(writer_->error());
    writer_.reset();
  }
  if (file_ != nullptr && file_ != stdout) {
    if (std::fclose(file_) != 0) fail(fmt::format("closing packet file failed: {}", std::strerror(errno)));
  } else if (file_ == stdout) {
    std::fflush(stdout);
  }
  file_ = nullptr;
}

void PacketRecorder::fail(const std::string& why) {
  if (error_.empty()) error_ = why;
}

}  // namespace gp::live
