// Reads pcapng blocks (§3.1 General Block Structure) one at a time from a FILE*, with
// buffered fread into one reusable buffer: no allocation per block once the buffer has
// grown to the largest block. Checks only the framing (lengths, trailer, byte order of each
// section); what a block means is the caller's business.
// Lifetime: a Block's body dies at the next call to next().
#pragma once

#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <vector>

#include "capture/source/pcapng_format.hpp"

namespace gp::pcapng {

enum class BlockStatus : std::uint8_t { block, end, truncated, error };

struct Block {
  std::uint32_t type = 0;
  std::span<const std::uint8_t> body;  // between the leading length and the trailing length
  std::int64_t offset = 0;             // byte offset of the block's first byte
};

class BlockReader {
 public:
  // `file` is not owned. `consumed` bytes of it were already read (offsets count from 0).
  explicit BlockReader(std::FILE* file, std::int64_t consumed = 0);

  BlockStatus next(Block& block);

  // After truncated/error: what went wrong, in words for the user.
  const std::string& error() const { return error_; }
  // Byte order of the section the last block belongs to.
  Endian endian() const { return endian_; }
  // Offset of the block that next() is reading or will read.
  std::int64_t block_offset() const { return block_offset_; }

 private:
  std::size_t read(std::uint8_t* dst, std::size_t n);
  BlockStatus fail(BlockStatus status, std::string what);
  BlockStatus short_header(std::size_t expected);  // EOF inside the first `expected` bytes

  std::FILE* file_;
  std::int64_t offset_;  // bytes consumed so far
  std::int64_t block_offset_ = 0;
  Endian endian_;
  bool seen_section_ = false;
  std::vector<std::uint8_t> buffer_;
  std::string error_;
};

}  // namespace gp::pcapng
