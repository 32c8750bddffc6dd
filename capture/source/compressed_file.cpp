#include "capture/source/compressed_file.hpp"

#include <fmt/core.h>
#include <zlib.h>
#include <zstd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

#include "capture/source/packet_source.hpp"

namespace gp {
namespace {

// One open stream: the compressed file and the decoder state, behind fopencookie().
class Decompressor {
 public:
  virtual ~Decompressor() = default;
  // Up to `size` decompressed bytes; 0 at the end; -1 with errno on a corrupt or cut stream.
  virtual ssize_t read(char* out, std::size_t size) = 0;
  std::int64_t position = 0;  // decompressed bytes handed out so far
};

class GzipDecompressor final : public Decompressor {
 public:
  explicit GzipDecompressor(gzFile f) : file_(f) {}
  ~GzipDecompressor() override { gzclose(file_); }
  ssize_t read(char* out, std::size_t size) override {
    const unsigned chunk = size > (1U << 30) ? (1U << 30) : static_cast<unsigned>(size);
    const int n = gzread(file_, out, chunk);
    if (n < 0) {
      errno = EIO;
      return -1;
    }
    // gzread returns 0 both at a clean end and for a stream cut before its trailer.
    if (n == 0 && !gzeof(file_)) {
      errno = EIO;
      return -1;
    }
    return n;
  }

 private:
  gzFile file_;
};

class ZstdDecompressor final : public Decompressor {
 public:
  explicit ZstdDecompressor(std::FILE* f) : file_(f), ctx_(ZSTD_createDCtx()), in_buffer_(ZSTD_DStreamInSize()) {
    if (ctx_ == nullptr) throw std::bad_alloc();
  }
  ~ZstdDecompressor() override {
    ZSTD_freeDCtx(ctx_);
    std::fclose(file_);
  }
  ssize_t read(char* out, std::size_t size) override {
    ZSTD_outBuffer output{out, size, 0};
    while (output.pos == 0) {
      if (in_.pos == in_.size) {
        const std::size_t n = std::fread(in_buffer_.data(), 1, in_buffer_.size(), file_);
        if (n == 0) {
          if (std::ferror(file_) != 0 || !frame_done_) {  // a read error, or a frame cut short
            errno = EIO;
            return std::ferror(file_) != 0 || any_input_ ? -1 : 0;
          }
          return 0;
        }
        any_input_ = true;
        in_ = ZSTD_inBuffer{in_buffer_.data(), n, 0};
      }
      const std::size_t rc = ZSTD_decompressStream(ctx_, &output, &in_);
      if (ZSTD_isError(rc) != 0) {
        errno = EIO;
        return -1;
      }
      frame_done_ = rc == 0;  // 0: a frame ended here (several frames may follow)
    }
    return static_cast<ssize_t>(output.pos);
  }

 private:
  std::FILE* file_;
  ZSTD_DCtx* ctx_;
  std::vector<char> in_buffer_;
  ZSTD_inBuffer in_{nullptr, 0, 0};
  bool frame_done_ = true;
  bool any_input_ = false;
};

ssize_t cookie_read(void* cookie, char* buf, std::size_t size) {
  auto* d = static_cast<Decompressor*>(cookie);
  const ssize_t n = d->read(buf, size);
  if (n > 0) d->position += n;
  return n;
}

// Only "where are we" (what ftell asks): the stream cannot go back.
int cookie_seek(void* cookie, off64_t* offset, int whence) {
  auto* d = static_cast<Decompressor*>(cookie);
  if ((whence == SEEK_CUR && *offset == 0) || (whence == SEEK_SET && *offset == d->position)) {
    *offset = d->position;
    return 0;
  }
  errno = ESPIPE;
  return -1;
}

int cookie_close(void* cookie) {
  delete static_cast<Decompressor*>(cookie);
  return 0;
}

}  // namespace

std::string_view to_string(Compression c) {
  switch (c) {
    case Compression::gzip: return "gzip";
    case Compression::zstd: return "zstd";
    case Compression::none: break;
  }
  return "none";
}

Compression detect_compression(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return Compression::none;
  std::array<unsigned char, 4> magic{};
  const std::size_t n = std::fread(magic.data(), 1, magic.size(), file);
  std::fclose(file);
  if (n >= 2 && magic[0] == 0x1f && magic[1] == 0x8b) return Compression::gzip;
  if (n == 4 && magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd) return Compression::zstd;
  return Compression::none;
}

std::FILE* open_decompressed(const std::string& path, Compression c) {
  std::unique_ptr<Decompressor> d;
  if (c == Compression::gzip) {
    gzFile f = gzopen(path.c_str(), "rb");
    if (f == nullptr) throw SourceError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
    gzbuffer(f, 1U << 17);
    d = std::make_unique<GzipDecompressor>(f);
  } else if (c == Compression::zstd) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) throw SourceError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
    try {
      d = std::make_unique<ZstdDecompressor>(f);
    } catch (...) {
      std::fclose(f);
      throw;
    }
  } else {
    throw SourceError(fmt::format("{}: not a compressed file", path));
  }
  const cookie_io_functions_t io{cookie_read, nullptr, cookie_seek, cookie_close};
  std::FILE* stream = fopencookie(d.get(), "rb", io);
  if (stream == nullptr)
    throw SourceError(fmt::format("{}: cannot open a {} stream: {}", path, to_string(c), std::strerror(errno)));
  d.release();  // the stream owns it now: cookie_close frees it
  return stream;
}

}  // namespace gp
