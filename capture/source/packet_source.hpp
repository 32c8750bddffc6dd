// Packet sources: where frames come from. Files (pcap, pcapng, "-" for stdin) today, live
// interfaces later, behind one interface so the pipeline does not care which it reads.
// Only this folder includes libpcap.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "capture/source/raw_frame.hpp"

namespace gp {

// An input that cannot be opened or filtered: the message says what and what to do.
class SourceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class ReadStatus : std::uint8_t {
  frame,      // `frame` holds the next packet
  end,        // clean end of input
  truncated,  // input ended inside a record: frames read so far are valid
  error,      // corrupt input: frames read so far are valid, see error_message()
};

class PacketSource {
 public:
  virtual ~PacketSource() = default;

  // Next frame; the frame's bytes stay valid until the next call.
  virtual ReadStatus next(RawFrame& frame) = 0;

  // Describes where reading stopped after `truncated` or `error`: packet number, byte
  // offset and libpcap's words.
  virtual std::string error_message() const = 0;

  // Link type of the (first) interface, as a DLT number.
  virtual int link_type() const = 0;
  virtual std::string description() const = 0;
};

struct FileSourceOptions {
  std::string path;    // "-" reads standard input
  std::string filter;  // BPF, empty for none
};

// Opens a pcap or pcapng file. Throws SourceError with one clear line for a missing file,
// a file that is not a capture, an unsupported link type or an invalid filter.
std::unique_ptr<PacketSource> open_file_source(const FileSourceOptions& options);

// Name of a DLT link type ("EN10MB", "IEEE802_11_RADIO"), or "DLT_<n>".
std::string link_type_name(int dlt);

}  // namespace gp
