#include "capture/source/pcapng_reader.hpp"

#include <cerrno>
#include <cstring>
#include <fmt/core.h>

namespace gp {
namespace {

using pcapng::Block;
using pcapng::BlockStatus;

std::FILE* open_or_throw(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    throw SourceError(
        fmt::format("{}: {}; check the path (use -r - to read standard input)", path, std::strerror(errno)));
  }
  // Fewer, larger reads: blocks are read with fread, mostly a few hundred bytes each.
  std::setvbuf(file, nullptr, _IOFBF, std::size_t{1} << 18);
  return file;
}

const char* block_name(std::uint32_t type) {
  switch (type) {
    case pcapng::kEnhancedPacket: return "Enhanced Packet Block";
    case pcapng::kSimplePacket: return "Simple Packet Block";
    case pcapng::kObsoletePacket: return "Packet Block";
    default: return "block";
  }
}

}  // namespace

bool is_pcapng_file(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return false;
  unsigned char magic[4] = {};
  const bool pcapng = std::fread(magic, 1, 4, file) == 4 && std::memcmp(magic, "\x0A\x0D\x0D\x0A", 4) == 0;
  std::fclose(file);
  return pcapng;
}

PcapngReader::PcapngReader(const FileSourceOptions& options)
    : path_(options.path), file_(open_or_throw(path_)), blocks_(file_), filter_(options.filter) {
  // Handle the blocks before the first packet now, so that a filter that does not compile
  // for the first interface's link type is reported at open time, like libpcap's.
  RawFrame unused;
  while (stopped_ == ReadStatus::frame) {
    const BlockStatus status = blocks_.next(pending_);
    if (status != BlockStatus::block) {
      stop(status == BlockStatus::end ? ReadStatus::end
                                      : (status == BlockStatus::truncated ? ReadStatus::truncated : ReadStatus::error),
           blocks_.error(), blocks_.block_offset());
      break;
    }
    const std::uint32_t type = pending_.type;
    if (type == pcapng::kEnhancedPacket || type == pcapng::kSimplePacket || type == pcapng::kObsoletePacket) {
      has_pending_ = true;
      break;
    }
    handle(pending_, unused);
  }
  if (!filter_.empty()) {
    // No interface at all: still check the expression, against Ethernet.
    const int link = first_link_type_ >= 0 ? first_link_type_ : 1;
    const std::uint32_t snaplen = interfaces_.empty() ? 0 : interfaces_.front().snaplen;
    if (const auto why = filter_.prepare(link, snaplen)) {
      std::fclose(file_);
      throw SourceError(fmt::format("invalid BPF filter '{}': {}; see pcap-filter(7)", filter_.expression(), *why));
    }
  }
}

PcapngReader::~PcapngReader() { std::fclose(file_); }

ReadStatus PcapngReader::next(RawFrame& frame) {
  while (stopped_ == ReadStatus::frame) {
    if (has_pending_) {
      has_pending_ = false;
    } else {
      const BlockStatus status = blocks_.next(pending_);
      if (status == BlockStatus::end) return stopped_ = ReadStatus::end;
      if (status != BlockStatus::block) {
        stop(status == BlockStatus::truncated ? ReadStatus::truncated : ReadStatus::error, blocks_.error(),
             blocks_.block_offset());
        break;
      }
    }
    if (handle(pending_, frame) == Step::frame) return ReadStatus::frame;
  }
  return stopped_;
}

PcapngReader::Step PcapngReader::handle(const Block& block, RawFrame& frame) {
  switch (block.type) {
    case pcapng::kSectionHeader: return section_header(block);
    case pcapng::kInterfaceDescription: return interface_description(block);
    case pcapng::kEnhancedPacket:
    case pcapng::kSimplePacket:
    case pcapng::kObsoletePacket: return packet(block, frame);
    // §3.1: a reader skips blocks it does not need (NRB, ISB, DSB, custom, unknown).
    default: return Step::skipped;
  }
}

PcapngReader::Step PcapngReader::section_header(const Block& block) {
  // §4.1: byte-order magic (checked by the block reader), major and minor version, section
  // length. Interface ids restart in each section.
  const std::uint16_t major = blocks_.endian().u16(block.body.data() + 4);
  const std::uint16_t minor = blocks_.endian().u16(block.body.data() + 6);
  if (major != 1) {
    return stop(ReadStatus::error, fmt::format("unsupported pcapng version {}.{}", major, minor), block.offset);
  }
  interfaces_.clear();
  return Step::metadata;
}

PcapngReader::Step PcapngReader::interface_description(const Block& block) {
  pcapng::Interface iface;
  if (const auto why = pcapng::parse_interface(block.body, blocks_.endian(), iface)) {
    return stop(ReadStatus::error, *why, block.offset);
  }
  if (first_link_type_ < 0) first_link_type_ = iface.link_type;
  // A later link type the filter cannot express is not an error: its packets simply do not
  // match (see pcapng_filter.hpp). The first one is checked when the file is opened.
  (void)filter_.prepare(iface.link_type, iface.snaplen);
  interfaces_.push_back(iface);
  return Step::metadata;
}

const pcapng::Interface* PcapngReader::interface_for(std::uint32_t id, const char* name) {
  if (id < interfaces_.size()) return &interfaces_[id];
  error_ = fmt::format("{} for interface {}, but the section describes {} interface{}", name, id, interfaces_.size(),
                       interfaces_.size() == 1 ? "" : "s");
  return nullptr;
}

PcapngReader::Step PcapngReader::packet(const Block& block, RawFrame& frame) {
  const pcapng::Endian e = blocks_.endian();
  const std::uint8_t* b = block.body.data();
  const std::size_t size = block.body.size();
  const char* name = block_name(block.type);
  std::uint32_t id = 0;
  std::uint64_t ticks = 0;
  std::uint32_t caplen = 0;
  std::uint32_t wire_len = 0;
  std::size_t data_at = 0;
  if (block.type == pcapng::kSimplePacket) {
    // §4.4: interface 0, no timestamp, captured length = min(original length, snaplen).
    if (size < 4) return stop(ReadStatus::error, fmt::format("{} shorter than its header", name), block.offset);
    wire_len = e.u32(b);
    data_at = 4;
  } else {
    // §4.3 EPB: interface id (32), timestamp high/low, captured and original length.
    // Appendix A PB: interface id (16), drops count (16), then the same fields.
    if (size < 20) return stop(ReadStatus::error, fmt::format("{} shorter than its header", name), block.offset);
    id = block.type == pcapng::kEnhancedPacket ? e.u32(b) : e.u16(b);
    ticks = std::uint64_t{e.u32(b + 4)} << 32 | e.u32(b + 8);
    caplen = e.u32(b + 12);
    wire_len = e.u32(b + 16);
    data_at = 20;
  }
  const pcapng::Interface* iface = interface_for(id, name);
  if (iface == nullptr) return stop(ReadStatus::error, error_, block.offset);
  if (block.type == pcapng::kSimplePacket) {
    caplen = wire_len;
    if (iface->snaplen != 0 && caplen > iface->snaplen) caplen = iface->snaplen;
  }
  if (caplen > size - data_at) {
    return stop(ReadStatus::error,
                fmt::format("{} claims {} captured bytes but holds only {}", name, caplen, size - data_at),
                block.offset);
  }
  frame.ts_clamped = false;
  frame.ts = block.type == pcapng::kSimplePacket ? 0 : iface->to_ns(ticks, &frame.ts_clamped);
  frame.bytes = block.body.subspan(data_at, caplen);
  frame.wire_len = wire_len;
  frame.link_type = iface->link_type;
  frame.interface_id = id;
  frame.number = ++number_;
  frame.file_offset = block.offset;
  return filter_.matches(frame) ? Step::frame : Step::skipped;
}

PcapngReader::Step PcapngReader::stop(ReadStatus status, const std::string& what, std::int64_t offset) {
  stopped_ = status;
  if (status == ReadStatus::end) return Step::stop;
  error_ = fmt::format(
      "{}: reading stopped after packet {} at byte offset {}: {}; the records read before it are "
      "reported",
      path_, number_, offset, what);
  return Step::stop;
}

int PcapngReader::link_type() const { return first_link_type_ >= 0 ? first_link_type_ : 1; }

std::string PcapngReader::description() const {
  return fmt::format("{} (pcapng, link type {})", path_, link_type_name(link_type()));
}

}  // namespace gp
