// Writes pcapng (IETF draft-ietf-opsawg-pcapng) for annotated output (issue 10): a Section
// Header Block with a comment, one Interface Description Block per input interface (so link
// types survive), and Enhanced Packet Blocks carrying each packet unchanged plus an
// opt_comment that Wireshark shows as frame.comment.
// Always little-endian, whatever the host. Hot path: write_packet builds the block in one
// reused buffer and hands it to stdio in one fwrite; no allocation once the buffer has
// grown. Errors do not throw: the first one sticks, ok() turns false, error() says why.
#pragma once

#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "capture/source/raw_frame.hpp"
#include "report/output_open.hpp"

namespace gp::report {

class PcapngWriter {
 public:
  explicit PcapngWriter(std::FILE* file);          // not owned, not closed
  explicit PcapngWriter(const std::string& path);  // created/truncated; closed by the destructor
  ~PcapngWriter();
  PcapngWriter(const PcapngWriter&) = delete;
  PcapngWriter& operator=(const PcapngWriter&) = delete;

  // Starts a section (§4.1): opt_comment (if not empty) and shb_userappl "ghostport".
  // Interface ids restart at 0 in each section.
  void write_section_header(std::string_view comment);

  // Describes an interface (§4.2). `link_type` is a DLT as RawFrame carries it; timestamps
  // are written in units of 10^-tsresol_power_of_10 s (0..9). Returns the interface id.
  std::uint32_t add_interface(int link_type, std::uint32_t snaplen, std::string_view name,
                              std::uint8_t tsresol_power_of_10 = 9);

  // One Enhanced Packet Block (§4.3) with opt_comment when `comment` is not empty.
  void write_packet(std::uint32_t interface_id, TimeNs ts, std::span<const std::uint8_t> bytes, std::uint32_t wire_len,
                    std::string_view comment);

  void flush();
  // Closes a file opened by path and removes it if this writer created it and it is still
  // that regular file (output_open.hpp); true when removed.
  bool discard();
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

 private:
  void begin_block(std::uint32_t type);
  void put16(std::uint16_t v);
  void put32(std::uint32_t v);
  void put_bytes(std::span<const std::uint8_t> bytes);
  void put_option(std::uint16_t code, std::string_view value);
  void end_block();  // writes the lengths and the block
  void fail(std::string why);

  std::FILE* file_ = nullptr;
  bool owned_ = false;
  std::string path_;
  OutputFile output_;
  std::vector<std::uint8_t> block_;
  std::vector<std::uint64_t> ticks_per_second_;  // per interface of the current section
  bool in_section_ = false;
  std::string error_;
};

}  // namespace gp::report
