// Native pcapng reader (IETF draft-ietf-opsawg-pcapng). libpcap 1.10 refuses a pcapng file
// whose interfaces have different link types; this reader keeps a link type per interface,
// so one file can mix Ethernet, Linux SLL, NFLOG… as Wireshark writes them (issue 3).
//
// Reads Section Header (both byte orders, any number of sections), Interface Description
// (link type, snaplen, if_tsresol, if_tsoffset), Enhanced, Simple and obsolete Packet
// Blocks; skips every other block (name resolution, statistics, decryption secrets,
// custom). Frame numbers count every packet block in the file, matching Wireshark's frame
// numbers even when a filter hides some. Hot path: no allocation once the read buffer
// has grown to the largest block; a frame's bytes die at the next call to next().
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "capture/source/packet_source.hpp"
#include "capture/source/pcapng_block_reader.hpp"
#include "capture/source/pcapng_filter.hpp"
#include "capture/source/pcapng_interface.hpp"

namespace gp {

// True if the file at `path` starts with the pcapng Section Header Block type (§4.1).
bool is_pcapng_file(const std::string& path);

class PcapngReader final : public PacketSource {
 public:
  // Opens `options.path`. Throws SourceError if the file cannot be opened or the filter is
  // invalid for the first interface's link type.
  explicit PcapngReader(const FileSourceOptions& options);
  ~PcapngReader() override;
  PcapngReader(const PcapngReader&) = delete;
  PcapngReader& operator=(const PcapngReader&) = delete;

  ReadStatus next(RawFrame& frame) override;
  std::string error_message() const override { return error_; }
  int link_type() const override;
  std::string description() const override;

 private:
  enum class Step : std::uint8_t { frame, skipped, metadata, stop };

  Step handle(const pcapng::Block& block, RawFrame& frame);
  Step section_header(const pcapng::Block& block);
  Step interface_description(const pcapng::Block& block);
  Step packet(const pcapng::Block& block, RawFrame& frame);
  const pcapng::Interface* interface_for(std::uint32_t id, const char* block_name);
  Step stop(ReadStatus status, const std::string& what, std::int64_t offset);

  std::string path_;
  std::FILE* file_ = nullptr;
  pcapng::BlockReader blocks_;
  pcapng::Filter filter_;
  std::vector<pcapng::Interface> interfaces_;  // of the current section
  int first_link_type_ = -1;
  pcapng::Block pending_;  // read while opening, not yet handled
  bool has_pending_ = false;
  ReadStatus stopped_ = ReadStatus::frame;  // frame: still reading
  std::uint64_t number_ = 0;
  std::string error_;
};

}  // namespace gp
