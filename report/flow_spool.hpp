// Scratch files for annotated output (issue 10). A flow's label is known only after the last
// flow has ended, so what the first pass learns per flow goes to disk, not to memory: memory
// stays bounded by the configuration however many flows a capture holds.
//   FlowRecordFile: one fixed-size record per flow, at the flow's serial (creation order), so
//     the second pass over the capture, which creates the same flows in the same order, reads
//     them back sequentially (pcapng -w).
//   ConnSpool: every finished flow's conn.log record with its conversation, in end order, for
//     writing conn.log once the verdicts exist (--log-dir; works from standard input too).
// Both live in unnamed files under $TMPDIR (or /tmp) that vanish when closed, even on a crash.
// Errors do not throw after construction: the first one sticks, ok() turns false.
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "capture/flow/conn_record.hpp"
#include "classify/features/conversation.hpp"

namespace gp::report {

// An unnamed read-write file (mkstemp + unlink). Throws std::runtime_error saying where it
// tried and why it failed.
class ScratchFile {
 public:
  ScratchFile();
  ~ScratchFile();
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;

  std::FILE* file() { return file_; }
  int fd() const { return fd_; }

 private:
  std::FILE* file_ = nullptr;
  int fd_ = -1;
};

struct FlowRecord {
  static constexpr std::size_t kMaxUid = 19;
  ConversationKey conversation;
  TimeNs start = 0;  // the flow's first packet, to check that both passes built the same flow
  std::array<char, kMaxUid> uid{};
  std::uint8_t uid_len = 0;

  std::string_view uid_view() const { return {uid.data(), uid_len}; }
  void set_uid(std::string_view u);
};

class FlowRecordFile {
 public:
  FlowRecordFile() = default;

  // Writes the record of flow `serial` (any order: flows end out of creation order).
  void put(std::uint64_t serial, const FlowRecord& record);

  // Reads records back in serial order, 0, 1, 2, …; false past the last written serial or
  // at a serial never written (the first pass saw no such flow). Buffered: one read per
  // few thousand flows.
  bool next(FlowRecord& out);

  std::uint64_t written() const { return written_; }  // records put
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

 private:
  static constexpr std::size_t kRecordSize = 64;
  static constexpr std::size_t kBatch = 4096;

  ScratchFile file_;
  std::uint64_t end_serial_ = 0;  // one past the highest serial put
  std::uint64_t written_ = 0;
  std::vector<std::uint8_t> record_;  // one encoded record, reused
  std::vector<std::uint8_t> buffer_;  // a batch read back
  std::uint64_t buffer_first_ = 0;    // serial of buffer_[0]
  std::uint64_t read_serial_ = 0;
  std::string error_;
};

class ConnSpool {
 public:
  ConnSpool() = default;

  void append(const ConnRecord& record, const ConversationKey& conversation);
  // Switches to reading from the first record.
  void rewind();
  // Next record in the order appended; false at the end (or on a read error: see ok()).
  bool next(ConnRecord& record, ConversationKey& conversation);

  std::uint64_t size() const { return count_; }
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

 private:
  ScratchFile file_;
  std::vector<std::uint8_t> buffer_;  // one encoded record, reused
  std::uint64_t count_ = 0;
  std::uint64_t read_ = 0;
  std::string error_;
};

}  // namespace gp::report
