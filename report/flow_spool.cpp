#include "report/flow_spool.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fmt/core.h>
#include <span>
#include <stdexcept>

namespace gp::report {
namespace {

// Little-endian fields in a byte vector; the files never leave this process, but a fixed
// layout keeps the record size independent of struct padding.
class Encoder {
 public:
  explicit Encoder(std::vector<std::uint8_t>& out) : out_(out) { out_.clear(); }
  void u8(std::uint8_t v) { out_.push_back(v); }
  void u16(std::uint16_t v) { uint(v, 2); }
  void u32(std::uint32_t v) { uint(v, 4); }
  void u64(std::uint64_t v) { uint(v, 8); }
  void i64(std::int64_t v) { uint(static_cast<std::uint64_t>(v), 8); }
  void bytes(const void* p, std::size_t n) {
    const auto* b = static_cast<const std::uint8_t*>(p);
    out_.insert(out_.end(), b, b + n);
  }
  void addr(const IpAddress& a) { bytes(a.bytes().data(), a.bytes().size()); }

 private:
  void uint(std::uint64_t v, int n) {
    for (int i = 0; i < n; ++i) out_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  std::vector<std::uint8_t>& out_;
};

class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> in) : in_(in) {}
  std::uint8_t u8() { return static_cast<std::uint8_t>(uint(1)); }
  std::uint16_t u16() { return static_cast<std::uint16_t>(uint(2)); }
  std::uint32_t u32() { return static_cast<std::uint32_t>(uint(4)); }
  std::uint64_t u64() { return uint(8); }
  std::int64_t i64() { return static_cast<std::int64_t>(uint(8)); }
  IpAddress addr() {
    std::array<std::uint8_t, 16> b{};
    std::memcpy(b.data(), in_.data() + pos_, b.size());
    pos_ += b.size();
    return IpAddress::from_v6(b);  // the 16 stored bytes, IPv4-mapped or not, as they were
  }
  void bytes(void* p, std::size_t n) {
    std::memcpy(p, in_.data() + pos_, n);
    pos_ += n;
  }

 private:
  std::uint64_t uint(int n) {
    std::uint64_t v = 0;
    for (int i = 0; i < n; ++i) v |= std::uint64_t{in_[pos_ + static_cast<std::size_t>(i)]} << (8 * i);
    pos_ += static_cast<std::size_t>(n);
    return v;
  }
  std::span<const std::uint8_t> in_;
  std::size_t pos_ = 0;
};

void encode_key(Encoder& e, const ConversationKey& k) {
  e.addr(k.client);
  e.addr(k.server);
  e.u16(k.port);
  e.u8(k.ip_proto);
}

ConversationKey decode_key(Reader& r) {
  ConversationKey k;
  k.client = r.addr();
  k.server = r.addr();
  k.port = r.u16();
  k.ip_proto = r.u8();
  return k;
}

}  // namespace

ScratchFile::ScratchFile() {
  const char* env = std::getenv("TMPDIR");
  std::string path = (env != nullptr && *env != '\0') ? env : "/tmp";
  path += "/ghostport-annotate-XXXXXX";
  fd_ = ::mkstemp(path.data());
  if (fd_ < 0) {
    throw std::runtime_error(fmt::format("cannot create a scratch file {}: {}; set TMPDIR to a writable directory",
                                         path, std::strerror(errno)));
  }
  ::unlink(path.c_str());  // unnamed from here on: gone when closed, whatever happens
  file_ = ::fdopen(fd_, "w+b");
  if (file_ == nullptr) {
    ::close(fd_);
    throw std::runtime_error(fmt::format("cannot open a scratch file: {}", std::strerror(errno)));
  }
}

ScratchFile::~ScratchFile() {
  if (file_ != nullptr) std::fclose(file_);
}

void FlowRecord::set_uid(std::string_view u) {
  uid_len = static_cast<std::uint8_t>(std::min(u.size(), kMaxUid));
  std::memcpy(uid.data(), u.data(), uid_len);
}

void FlowRecordFile::put(std::uint64_t serial, const FlowRecord& record) {
  if (!ok()) return;
  std::vector<std::uint8_t>& bytes = record_;
  Encoder e(bytes);
  encode_key(e, record.conversation);  // 35 bytes
  e.u8(1);                             // present: a hole reads as 0
  e.i64(record.start);
  e.u8(record.uid_len);
  e.bytes(record.uid.data(), record.uid.size());  // 64 in all
  const auto offset = static_cast<off_t>(serial * kRecordSize);
  if (::pwrite(file_.fd(), bytes.data(), bytes.size(), offset) != static_cast<ssize_t>(bytes.size())) {
    error_ = fmt::format("writing the scratch file failed: {}", std::strerror(errno));
    return;
  }
  end_serial_ = std::max(end_serial_, serial + 1);
  ++written_;
}

bool FlowRecordFile::next(FlowRecord& out) {
  if (!ok() || read_serial_ >= end_serial_) return false;
  const std::uint64_t buffered = buffer_.size() / kRecordSize;
  if (read_serial_ < buffer_first_ || read_serial_ >= buffer_first_ + buffered) {
    const std::uint64_t n = std::min<std::uint64_t>(kBatch, end_serial_ - read_serial_);
    buffer_.resize(static_cast<std::size_t>(n) * kRecordSize);
    const auto offset = static_cast<off_t>(read_serial_ * kRecordSize);
    if (::pread(file_.fd(), buffer_.data(), buffer_.size(), offset) != static_cast<ssize_t>(buffer_.size())) {
      error_ = fmt::format("reading the scratch file failed: {}", std::strerror(errno));
      return false;
    }
    buffer_first_ = read_serial_;
  }
  const std::size_t at = static_cast<std::size_t>(read_serial_ - buffer_first_) * kRecordSize;
  Reader r(std::span<const std::uint8_t>(buffer_).subspan(at, kRecordSize));
  out.conversation = decode_key(r);
  if (r.u8() != 1) return false;
  out.start = r.i64();
  out.uid_len = std::min<std::uint8_t>(r.u8(), FlowRecord::kMaxUid);
  r.bytes(out.uid.data(), out.uid.size());
  ++read_serial_;
  return true;
}

void ConnSpool::append(const ConnRecord& c, const ConversationKey& conversation) {
  if (!ok()) return;
  Encoder e(buffer_);
  e.i64(c.start);
  e.i64(c.last);
  e.addr(c.orig_h);
  e.u16(c.orig_p);
  e.addr(c.resp_h);
  e.u16(c.resp_p);
  e.u8(c.ip_proto);
  e.u8(static_cast<std::uint8_t>(c.state));
  e.u8(static_cast<std::uint8_t>(c.end));
  for (const std::uint64_t v :
       {c.orig_bytes, c.resp_bytes, c.missed_bytes, c.orig_pkts, c.orig_ip_bytes, c.resp_pkts, c.resp_ip_bytes}) {
    e.u64(v);
  }
  e.u32(c.icmp_errors);
  encode_key(e, conversation);
  // Tunnel parents are uids, which hold no comma.
  std::string parents;
  for (const auto& p : c.tunnel_parents) parents += (parents.empty() ? "" : ",") + p;
  const auto uid_len = static_cast<std::uint16_t>(std::min<std::size_t>(c.uid.size(), 0xffff));
  const auto history_len = static_cast<std::uint16_t>(std::min<std::size_t>(c.history.size(), 0xffff));
  const auto parents_len = static_cast<std::uint16_t>(std::min<std::size_t>(parents.size(), 0xffff));
  const auto service_len = static_cast<std::uint16_t>(std::min<std::size_t>(c.service.size(), 0xffff));
  e.u16(uid_len);
  e.u16(history_len);
  e.u16(parents_len);
  e.u16(service_len);
  e.bytes(c.uid.data(), uid_len);
  e.bytes(c.history.data(), history_len);
  e.bytes(parents.data(), parents_len);
  e.bytes(c.service.data(), service_len);
  if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_.file()) != buffer_.size()) {
    error_ = fmt::format("writing the scratch file failed: {}", std::strerror(errno));
    return;
  }
  ++count_;
}

void ConnSpool::rewind() {
  if (std::fflush(file_.file()) != 0 || std::fseek(file_.file(), 0, SEEK_SET) != 0) {
    error_ = fmt::format("rewinding the scratch file failed: {}", std::strerror(errno));
  }
  read_ = 0;
}

bool ConnSpool::next(ConnRecord& c, ConversationKey& conversation) {
  if (!ok() || read_ >= count_) return false;
  // The fixed part, then the four strings whose lengths end it.
  constexpr std::size_t kFixed = 8 + 8 + 16 + 2 + 16 + 2 + 1 + 1 + 1 + 7 * 8 + 4 + 35 + 2 + 2 + 2 + 2;
  buffer_.resize(kFixed);
  if (std::fread(buffer_.data(), 1, kFixed, file_.file()) != kFixed) {
    error_ = "reading the scratch file failed: it ended early";
    return false;
  }
  Reader r(buffer_);
  c.start = r.i64();
  c.last = r.i64();
  c.orig_h = r.addr();
  c.orig_p = r.u16();
  c.resp_h = r.addr();
  c.resp_p = r.u16();
  c.ip_proto = r.u8();
  c.state = static_cast<ConnState>(r.u8());
  c.end = static_cast<FlowEnd>(r.u8());
  c.orig_bytes = r.u64();
  c.resp_bytes = r.u64();
  c.missed_bytes = r.u64();
  c.orig_pkts = r.u64();
  c.orig_ip_bytes = r.u64();
  c.resp_pkts = r.u64();
  c.resp_ip_bytes = r.u64();
  c.icmp_errors = r.u32();
  conversation = decode_key(r);
  const std::uint16_t uid_len = r.u16();
  const std::uint16_t history_len = r.u16();
  const std::uint16_t parents_len = r.u16();
  const std::uint16_t service_len = r.u16();
  c.uid.resize(uid_len);
  c.history.resize(history_len);
  c.service.resize(service_len);
  std::string parents(parents_len, '\0');
  if (std::fread(c.uid.data(), 1, uid_len, file_.file()) != uid_len ||
      std::fread(c.history.data(), 1, history_len, file_.file()) != history_len ||
      std::fread(parents.data(), 1, parents_len, file_.file()) != parents_len ||
      std::fread(c.service.data(), 1, service_len, file_.file()) != service_len) {
    error_ = "reading the scratch file failed: it ended early";
    return false;
  }
  c.tunnel_parents.clear();
  for (std::size_t from = 0; from < parents.size();) {
    const std::size_t comma = std::min(parents.find(',', from), parents.size());
    c.tunnel_parents.push_back(parents.substr(from, comma - from));
    from = comma + 1;
  }
  ++read_;
  return true;
}

}  // namespace gp::report
