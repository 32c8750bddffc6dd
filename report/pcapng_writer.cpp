#include "report/pcapng_writer.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fmt/core.h>
#include <limits>

#include "capture/source/pcapng_format.hpp"

namespace gp::report {
namespace {
constexpr std::uint64_t kNsPerS = 1'000'000'000;
}  // namespace

PcapngWriter::PcapngWriter(std::FILE* file) : file_(file) {
  if (file_ == nullptr) fail("no output file");
}

PcapngWriter::PcapngWriter(const std::string& path) : owned_(true), path_(path) {
  std::string why;
  output_ = open_output(path, {}, why);
  file_ = output_.file;
  if (file_ == nullptr) fail(fmt::format("{}: {}", path, why));
}

bool PcapngWriter::discard() {
  if (!owned_) return false;
  if (file_ != nullptr) std::fclose(file_);
  file_ = nullptr;
  return remove_if_created(path_, output_);
}

PcapngWriter::~PcapngWriter() {
  if (file_ == nullptr) return;
  if (owned_) {
    std::fclose(file_);
  } else {
    std::fflush(file_);
  }
}

void PcapngWriter::fail(std::string why) {
  if (error_.empty()) error_ = std::move(why);
}

void PcapngWriter::begin_block(std::uint32_t type) {
  block_.clear();
  put32(type);
  put32(0);  // total length, filled in by end_block
}

void PcapngWriter::put16(std::uint16_t v) {
  block_.push_back(static_cast<std::uint8_t>(v));
  block_.push_back(static_cast<std::uint8_t>(v >> 8));
}

void PcapngWriter::put32(std::uint32_t v) {
  for (int shift = 0; shift < 32; shift += 8) block_.push_back(static_cast<std::uint8_t>(v >> shift));
}

void PcapngWriter::put_bytes(std::span<const std::uint8_t> bytes) {
  block_.insert(block_.end(), bytes.begin(), bytes.end());
  block_.resize(pcapng::pad4(block_.size()), 0);  // §3.1: fields are padded to 32 bits
}

void PcapngWriter::put_option(std::uint16_t code, std::string_view value) {
  // §3.5: an option value is at most 65535 bytes; a longer comment is cut, not dropped.
  const std::size_t n = std::min<std::size_t>(value.size(), std::numeric_limits<std::uint16_t>::max());
  put16(code);
  put16(static_cast<std::uint16_t>(n));
  put_bytes({reinterpret_cast<const std::uint8_t*>(value.data()), n});
}

void PcapngWriter::end_block() {
  const auto total = static_cast<std::uint32_t>(block_.size() + pcapng::kBlockTrailer);
  put32(total);
  for (int i = 0; i < 4; ++i) block_[4 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(total >> (8 * i));
  if (!ok()) return;
  if (std::fwrite(block_.data(), 1, block_.size(), file_) != block_.size()) {
    fail(fmt::format("write failed: {}", std::strerror(errno)));
  }
}

void PcapngWriter::write_section_header(std::string_view comment) {
  begin_block(pcapng::kSectionHeader);
  put32(pcapng::kByteOrderMagic);
  put16(1);            // major version
  put16(0);            // minor version
  put32(0xffffffffU);  // section length -1: not known while streaming (§4.1)
  put32(0xffffffffU);
  if (!comment.empty()) put_option(pcapng::kOptComment, comment);
  put_option(pcapng::kShbUserAppl, "ghostport");
  put_option(pcapng::kOptEndOfOpt, {});
  end_block();
  ticks_per_second_.clear();
  in_section_ = true;
}

std::uint32_t PcapngWriter::add_interface(int link_type, std::uint32_t snaplen, std::string_view name,
                                          std::uint8_t tsresol_power_of_10) {
  if (!in_section_) fail("pcapng interface written before a section header");
  if (tsresol_power_of_10 > 9) fail(fmt::format("if_tsresol 10^-{} is finer than nanoseconds", tsresol_power_of_10));
  if (link_type < 0 || link_type > 0xffff) fail(fmt::format("link type {} does not fit pcapng's 16 bits", link_type));
  begin_block(pcapng::kInterfaceDescription);
  put16(static_cast<std::uint16_t>(pcapng::linktype_from_dlt(link_type)));
  put16(0);
  put32(snaplen);
  if (!name.empty()) put_option(pcapng::kIfName, name);
  if (tsresol_power_of_10 != 6) {  // §4.2: microseconds is the default
    const char resol = static_cast<char>(tsresol_power_of_10);
    put_option(pcapng::kIfTsResol, std::string_view(&resol, 1));
  }
  put_option(pcapng::kOptEndOfOpt, {});
  end_block();
  std::uint64_t ticks = 1;
  for (std::uint8_t i = 0; i < tsresol_power_of_10 && i < 9; ++i) ticks *= 10;
  ticks_per_second_.push_back(ticks);
  return static_cast<std::uint32_t>(ticks_per_second_.size() - 1);
}

void PcapngWriter::write_packet(std::uint32_t interface_id, TimeNs ts, std::span<const std::uint8_t> bytes,
                                std::uint32_t wire_len, std::string_view comment) {
  if (interface_id >= ticks_per_second_.size()) {
    fail(fmt::format("packet for interface {}, but only {} described", interface_id, ticks_per_second_.size()));
    return;
  }
  // Keep every block within what pcapng readers accept (ours stops at kMaxBlock).
  if (bytes.size() + comment.size() + 64 > pcapng::kMaxBlock) {
    fail(fmt::format("packet of {} bytes is too large for a pcapng block", bytes.size()));
    return;
  }
  // Timestamps before 1970 have no pcapng representation (unsigned ticks): written as 0.
  const std::uint64_t ns = ts < 0 ? 0 : static_cast<std::uint64_t>(ts);
  const std::uint64_t ticks = ns / (kNsPerS / ticks_per_second_[interface_id]);
  begin_block(pcapng::kEnhancedPacket);
  put32(interface_id);
  put32(static_cast<std::uint32_t>(ticks >> 32));
  put32(static_cast<std::uint32_t>(ticks));
  put32(static_cast<std::uint32_t>(bytes.size()));
  put32(wire_len);
  put_bytes(bytes);
  if (!comment.empty()) {
    put_option(pcapng::kOptComment, comment);
    put_option(pcapng::kOptEndOfOpt, {});
  }
  end_block();
}

void PcapngWriter::flush() {
  if (file_ != nullptr && std::fflush(file_) != 0) fail(fmt::format("write failed: {}", std::strerror(errno)));
}

}  // namespace gp::report
