// Compressed captures read transparently: gzip (.pcap.gz, zlib) and Zstandard (.zst,
// libzstd), recognised by their magic bytes, not by the file name. The file is decompressed
// as it is read, into a read-only stdio stream libpcap reads like the plain file.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace gp {

enum class Compression : std::uint8_t { none, gzip, zstd };
std::string_view to_string(Compression c);

// By the first bytes of the file (1f 8b gzip, 28 b5 2f fd zstd); none when unreadable or
// shorter than a magic, so the plain reader reports the problem in its own words.
Compression detect_compression(const std::string& path);

// A stream of the decompressed bytes; fclose() frees everything. ftell() gives the offset in
// the decompressed data (what packet offsets in messages mean); seeking is refused. A
// corrupt or cut stream fails the read with EIO (libpcap then reports the packets before it).
// Throws SourceError saying what failed.
std::FILE* open_decompressed(const std::string& path, Compression c);

}  // namespace gp
