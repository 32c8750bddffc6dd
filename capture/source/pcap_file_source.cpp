// File source over libpcap: pcap and pcapng (libpcap reads both), "-" for stdin, an
// optional BPF filter. Reading stops cleanly on truncation or corruption and says where.
#include <pcap/pcap.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fmt/core.h>
#include <sys/stat.h>

#include "capture/source/compressed_file.hpp"
#include "capture/source/packet_source.hpp"
#include "capture/source/pcapng_reader.hpp"

namespace gp {
namespace {

// Seconds and nanoseconds (the handle is opened with nanosecond precision) as TimeNs. A
// pcapng timestamp is 64 bits of ticks and can name a second past 2262, where nanoseconds
// overflow int64 (found by the tests/fuzz capture target: regressions/capture/
// pcapng-ts-overflow). Times are clamped to classic pcap's own range, 1970 to 2106 (32-bit
// seconds), which leaves the flow engine's timer arithmetic a century of headroom.
TimeNs to_time_ns(std::int64_t sec, std::int64_t ns, bool& clamped) {
  constexpr std::int64_t kMaxSec = 0xffffffff;
  clamped = sec < 0 || sec > kMaxSec;
  if (sec < 0) return 0;
  if (sec > kMaxSec) return kMaxSec * 1'000'000'000;
  return sec * 1'000'000'000 + ns;
}

class PcapFileSource final : public PacketSource {
 public:
  explicit PcapFileSource(const FileSourceOptions& options) : path_(options.path) {
    check_path();
    char errbuf[PCAP_ERRBUF_SIZE] = {};
    compression_ = path_ == "-" ? Compression::none : detect_compression(path_);
    if (compression_ == Compression::none) {
      handle_ = pcap_open_offline_with_tstamp_precision(path_.c_str(), PCAP_TSTAMP_PRECISION_NANO, errbuf);
    } else {
      std::FILE* stream = open_decompressed(path_, compression_);
      handle_ = pcap_fopen_offline_with_tstamp_precision(stream, PCAP_TSTAMP_PRECISION_NANO, errbuf);
      if (handle_ == nullptr) std::fclose(stream);  // on success pcap_close closes it
    }
    if (handle_ == nullptr) throw SourceError(explain_open_failure(errbuf));
    // A pipe cannot say where it is; a classic pcap stream's records follow its 24-byte file
    // header back to back, so their offsets are counted from the start.
    if (path_ == "-" && pcap_major_version(handle_) == 2) {
      offsets_ = Offsets::counted;
      counted_offset_ = kPcapFileHeader;
    }
    if (!options.filter.empty()) {
      try {
        apply_filter(options.filter);
      } catch (...) {
        pcap_close(handle_);  // the destructor does not run when the constructor throws
        handle_ = nullptr;
        throw;
      }
    }
  }
  ~PcapFileSource() override {
    if (handle_ != nullptr) pcap_close(handle_);
  }
  PcapFileSource(const PcapFileSource&) = delete;
  PcapFileSource& operator=(const PcapFileSource&) = delete;

  ReadStatus next(RawFrame& frame) override {
    const std::int64_t offset = offsets_ == Offsets::counted   ? counted_offset_
                                : offsets_ == Offsets::unknown ? -1
                                                               : current_offset();
    pcap_pkthdr* header = nullptr;
    const u_char* data = nullptr;
    const int rc = pcap_next_ex(handle_, &header, &data);
    if (rc == 1) {
      ++number_;
      track_offset(offset, header->caplen);
      frame.ts = to_time_ns(header->ts.tv_sec, header->ts.tv_usec, frame.ts_clamped);
      frame.bytes = {data, header->caplen};
      frame.wire_len = header->len;
      frame.link_type = pcap_datalink(handle_);
      frame.number = number_;
      frame.file_offset = offset;
      return ReadStatus::frame;
    }
    if (rc == PCAP_ERROR_BREAK) return ReadStatus::end;
    // libpcap reports a short read inside a record and a corrupt record header alike as
    // PCAP_ERROR; its text tells which ("truncated dump file", "bogus savefile header").
    const std::string why = pcap_geterr(handle_);
    error_ = fmt::format("{}: reading stopped after packet {} at byte offset {}{}: {}", display_name(), number_,
                         offset >= 0 ? std::to_string(offset) : std::string("unknown"),
                         compression_ == Compression::none ? "" : " of the decompressed data", why);
    error_ += "; the records read before it are reported";
    return why.find("truncated") != std::string::npos ? ReadStatus::truncated : ReadStatus::error;
  }

  std::string error_message() const override { return error_; }
  int link_type() const override { return pcap_datalink(handle_); }
  std::string description() const override {
    return fmt::format("{} (link type {})", display_name(), link_type_name(link_type()));
  }

 private:
  std::string display_name() const { return path_ == "-" ? "standard input" : path_; }

  void check_path() const {
    if (path_ == "-") return;
    struct stat st {};
    if (::stat(path_.c_str(), &st) != 0) {
      throw SourceError(
          fmt::format("{}: {}; check the path (use -r - to read standard input)", path_, std::strerror(errno)));
    }
    if (S_ISDIR(st.st_mode)) throw SourceError(fmt::format("{}: is a directory, not a capture file", path_));
  }

  std::string explain_open_failure(const char* errbuf) const {
    const std::string why = errbuf;
    if (compression_ != Compression::none) {
      return fmt::format("{}: {}-compressed, but what it holds is no pcap or pcapng capture: {}", path_,
                         to_string(compression_), why);
    }
    if (why.find("unknown file format") != std::string::npos) {
      return fmt::format(
          "{}: not a pcap or pcapng capture ({}); convert it with editcap -F pcap, or, if it "
          "is compressed other than with gzip or zstd (read as they are), decompress it",
          path_, why);
    }
    return fmt::format("{}: cannot read capture: {}", path_, why);
  }

  void apply_filter(const std::string& filter) {
    bpf_program program{};
    if (pcap_compile(handle_, &program, filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
      throw SourceError(fmt::format("invalid BPF filter '{}': {}; see pcap-filter(7)", filter, pcap_geterr(handle_)));
    }
    const int rc = pcap_setfilter(handle_, &program);
    pcap_freecode(&program);
    if (rc != 0) throw SourceError(fmt::format("cannot apply BPF filter '{}': {}", filter, pcap_geterr(handle_)));
  }

  // Byte offset of the next record; -1 when the input is a pipe.
  std::int64_t current_offset() const {
    FILE* file = pcap_file(handle_);
    if (file == nullptr) return -1;
    const long pos = std::ftell(file);
    return pos < 0 ? -1 : static_cast<std::int64_t>(pos);
  }

  // ftell costs an lseek system call, once per packet a fifth of a whole `flows` run (and
  // on a pipe it fails every time). A classic pcap record is a fixed header plus caplen
  // bytes, so once the first record proves that arithmetic right (libpcap's patched/Nokia
  // variants have longer headers and fail the check), offsets are counted instead. pcapng
  // blocks vary in size: ftell stays. A pipe has no offsets: asked once.
  enum class Offsets : std::uint8_t { probe, counted, ftell, unknown };

  void track_offset(std::int64_t offset, std::uint32_t caplen) {
    if (offsets_ == Offsets::counted) {
      counted_offset_ += kPcapRecordHeader + caplen;
    } else if (offsets_ == Offsets::probe) {
      const std::int64_t expected = offset + kPcapRecordHeader + caplen;
      if (offset < 0) {
        offsets_ = Offsets::unknown;
      } else if (pcap_major_version(handle_) == 2 && current_offset() == expected) {
        offsets_ = Offsets::counted;
        counted_offset_ = expected;
      } else {
        offsets_ = Offsets::ftell;
      }
    }
  }

  static constexpr std::int64_t kPcapFileHeader = 24;
  static constexpr std::int64_t kPcapRecordHeader = 16;

  std::string path_;
  pcap_t* handle_ = nullptr;
  Compression compression_ = Compression::none;
  Offsets offsets_ = Offsets::probe;
  std::int64_t counted_offset_ = 0;  // next record's offset when Offsets::counted
  std::uint64_t number_ = 0;
  std::string error_;
};

}  // namespace

std::unique_ptr<PacketSource> open_file_source(const FileSourceOptions& options) {
  // libpcap 1.10 refuses a pcapng file whose interfaces differ in link type ("an interface
  // has a type ... different from the type of the first interface"), so pcapng files go to
  // the native reader. Standard input stays with libpcap: it cannot be peeked and rewound.
  // A compressed pcapng goes to libpcap too (through the decompressing stream).
  if (options.path != "-" && is_pcapng_file(options.path)) return std::make_unique<PcapngReader>(options);
  return std::make_unique<PcapFileSource>(options);
}

}  // namespace gp
