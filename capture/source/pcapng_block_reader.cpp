#include "capture/source/pcapng_block_reader.hpp"

#include <cerrno>
#include <cstring>
#include <fmt/core.h>

namespace gp::pcapng {
namespace {
// §4.1: the Section Header Block is 28 bytes before options (header, byte-order magic,
// version, section length, trailer).
constexpr std::uint32_t kMinSectionHeader = 28;
}  // namespace

BlockReader::BlockReader(std::FILE* file, std::int64_t consumed) : file_(file), offset_(consumed) {}

std::size_t BlockReader::read(std::uint8_t* dst, std::size_t n) {
  const std::size_t got = std::fread(dst, 1, n, file_);
  offset_ += static_cast<std::int64_t>(got);
  return got;
}

BlockStatus BlockReader::fail(BlockStatus status, std::string what) {
  error_ = std::move(what);
  return status;
}

BlockStatus BlockReader::short_header(std::size_t expected) {
  if (std::ferror(file_) != 0) return fail(BlockStatus::error, fmt::format("read error: {}", std::strerror(errno)));
  return fail(BlockStatus::truncated,
              fmt::format("truncated pcapng file; a block header is cut short after {} of {} bytes",
                          offset_ - block_offset_, expected));
}

BlockStatus BlockReader::next(Block& block) {
  block_offset_ = offset_;
  std::uint8_t header[kBlockHeader + 4];
  std::size_t got = read(header, kBlockHeader);
  if (got == 0 && std::ferror(file_) == 0) return BlockStatus::end;
  if (got < kBlockHeader) return short_header(kBlockHeader);

  std::size_t prefix = 0;  // body bytes already read along with the header
  const bool section = std::memcmp(header, "\x0A\x0D\x0D\x0A", 4) == 0;
  if (section) {
    // §4.1: the byte order is only known once the byte-order magic after the length is read.
    got = read(header + kBlockHeader, 4);
    if (got < 4) return short_header(kBlockHeader + 4);
    if (std::memcmp(header + kBlockHeader, "\x1A\x2B\x3C\x4D", 4) == 0) {
      endian_.big = true;
    } else if (std::memcmp(header + kBlockHeader, "\x4D\x3C\x2B\x1A", 4) == 0) {
      endian_.big = false;
    } else {
      return fail(BlockStatus::error, "Section Header Block with a bad byte-order magic");
    }
    seen_section_ = true;
    prefix = 4;
  } else if (!seen_section_) {
    return fail(BlockStatus::error, "the file does not start with a pcapng Section Header Block");
  }

  const std::uint32_t type = endian_.u32(header);
  const std::uint32_t total = endian_.u32(header + 4);
  if (total < (section ? kMinSectionHeader : kMinBlock)) {
    return fail(BlockStatus::error, fmt::format("block of type 0x{:08x} has a length of {}, too small", type, total));
  }
  if (total % 4 != 0) {
    return fail(BlockStatus::error,
                fmt::format("block of type 0x{:08x} has a length of {}, not a multiple of 4", type, total));
  }
  if (total > kMaxBlock) {
    return fail(BlockStatus::error, fmt::format("block of type 0x{:08x} claims {} bytes, more than the {} MiB limit",
                                                type, total, kMaxBlock >> 20));
  }

  const std::size_t body = total - kMinBlock;
  const std::size_t rest = body + kBlockTrailer;
  if (buffer_.size() < rest) buffer_.resize(rest);
  std::memcpy(buffer_.data(), header + kBlockHeader, prefix);
  got = read(buffer_.data() + prefix, rest - prefix);
  if (got < rest - prefix) {
    if (std::ferror(file_) != 0) return fail(BlockStatus::error, fmt::format("read error: {}", std::strerror(errno)));
    return fail(BlockStatus::truncated,
                fmt::format("truncated pcapng file; a block of {} bytes starts here, only {} are left", total,
                            offset_ - block_offset_));
  }
  const std::uint32_t trailer = endian_.u32(buffer_.data() + body);
  if (trailer != total) {
    return fail(BlockStatus::error, fmt::format("block of type 0x{:08x} has a length of {} but a trailing length of {}",
                                                type, total, trailer));
  }
  block.type = type;
  block.body = {buffer_.data(), body};
  block.offset = block_offset_;
  return BlockStatus::block;
}

}  // namespace gp::pcapng
