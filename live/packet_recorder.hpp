// -w: every captured packet written unchanged to pcapng (report::PcapngWriter), so an analyst
// can go back to the evidence behind an event. Rotation by size and/or time, like tcpdump's
// -C/-G: the files are then PATH with a sequence number before the extension
// (ev.pcapng -> ev.1.pcapng, ev.2.pcapng, …), and --rotate-keep N removes the file N
// rotations back, so the disk use is bounded too. Without rotation PATH itself is written,
// and reopen() (SIGHUP) appends a new pcapng section to whatever file is at PATH then.
// Hot path: write() is one PcapngWriter::write_packet (one fwrite, no allocation) and, per
// packet, a size and time comparison.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "capture/source/raw_frame.hpp"
#include "report/pcapng_writer.hpp"

namespace gp::live {

struct RecorderOptions {
  std::string path;                // "-": standard output
  std::uint64_t rotate_bytes = 0;  // 0: no size rotation
  TimeNs rotate_interval = 0;      // 0: no time rotation
  std::uint32_t keep_files = 0;    // 0: keep every file
  int link_type = 1;
  std::uint32_t snaplen = 262'144;
  std::string interface_name;
  std::string comment;  // section comment (command line, start time)
};

class PacketRecorder {
 public:
  explicit PacketRecorder(RecorderOptions options);
  ~PacketRecorder();
  PacketRecorder(const PacketRecorder&) = delete;
  PacketRecorder& operator=(const PacketRecorder&) = delete;

  bool open(TimeNs now);
  void write(const RawFrame& frame);
  void flush();
  bool reopen(TimeNs now);  // SIGHUP
  void close();

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  std::uint64_t packets() const { return packets_; }
  std::uint64_t files_opened() const { return files_opened_; }
  std::string current_path() const;

 private:
  bool rotating() const { return options_.rotate_bytes > 0 || options_.rotate_interval > 0; }
  std::string path_for(std::uint64_t sequence) const;
  bool start_file(TimeNs now, bool append);
  void fail(const std::string& why);

  RecorderOptions options_;
  std::FILE* file_ = nullptr;
  std::unique_ptr<report::PcapngWriter> writer_;
  std::uint64_t sequence_ = 0;
  std::uint64_t file_bytes_ = 0;
  TimeNs file_started_ = 0;
  std::uint64_t packets_ = 0;
  std::uint64_t files_opened_ = 0;
  std::string error_;
};

}  // namespace gp::live
