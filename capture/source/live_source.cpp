// Live capture over libpcap's pcap_create/pcap_activate API (not pcap_open_live), because
// immediate mode, the buffer size and the timestamp precision can only be set before
// activation.
#include "capture/source/live_source.hpp"

#include <pcap/pcap.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <fmt/core.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/if_packet.h>
#endif

namespace gp {
namespace {

// The network interfaces libpcap can open, then "any"; its pseudo-devices (nflog, dbus,
// bluetooth-monitor) are no answer to a mistyped interface name.
std::string available_interfaces() {
  std::string names;
  bool any = false;
  for (const InterfaceInfo& i : list_interfaces()) {
    if (i.name == "any") {
      any = true;
      continue;
    }
    if (::if_nametoindex(i.name.c_str()) == 0) continue;
    if (!names.empty()) names += ", ";
    names += i.name;
  }
  if (any) names += names.empty() ? "any" : ", any";
  return names.empty() ? std::string("none found") : names;
}

std::string self_path() {
  char buf[PATH_MAX] = {};
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string("ghostport");
}

std::string permission_advice() {
  return fmt::format(
      "capturing needs the CAP_NET_RAW capability (and CAP_NET_ADMIN for promiscuous mode and -B): run as "
      "root (add -Z USER to drop to USER once the interface is open), or give the binary both: setcap "
      "cap_net_raw,cap_net_admin=eip {}",
      self_path());
}

// A 32-bit libpcap counter folded into a 64-bit running total.
void accumulate(std::uint64_t& total, std::uint32_t& last, unsigned int now) {
  const auto current = static_cast<std::uint32_t>(now);
  total += static_cast<std::uint32_t>(current - last);
  last = current;
}

class PcapLiveSource final : public LiveSource {
 public:
  explicit PcapLiveSource(const LiveSourceOptions& o) : name_(o.interface) {
    if (name_.empty()) throw SourceError("no interface given: name one with -i (ghostport live -D lists them)");
    // Checked before pcap_activate: without privileges activation fails on the socket first
    // and would report "permission denied" for a name that does not exist.
    if (name_ != "any" && ::if_nametoindex(name_.c_str()) == 0) {
      throw SourceError(fmt::format("no such interface '{}'; available: {}", name_, available_interfaces()));
    }
    char errbuf[PCAP_ERRBUF_SIZE] = {};
    handle_ = pcap_create(name_.c_str(), errbuf);
    if (handle_ == nullptr) throw SourceError(fmt::format("cannot capture on '{}': {}", name_, errbuf));
    try {
      configure(o);
    } catch (...) {
      pcap_close(handle_);  // the destructor does not run when the constructor throws
      handle_ = nullptr;
      throw;
    }
  }
  ~PcapLiveSource() override {
    if (handle_ != nullptr) pcap_close(handle_);
  }
  PcapLiveSource(const PcapLiveSource&) = delete;
  PcapLiveSource& operator=(const PcapLiveSource&) = delete;

 private:
  void configure(const LiveSourceOptions& o) {
    char errbuf[PCAP_ERRBUF_SIZE] = {};
    pcap_set_snaplen(handle_, static_cast<int>(std::min<std::uint32_t>(o.snaplen, INT_MAX)));
    pcap_set_promisc(handle_, o.promiscuous ? 1 : 0);
    // Packets are handed over as they arrive, not when a kernel block fills: flows end and
    // events leave on time even on a quiet link. Batches bound the delay instead.
    if (o.batch_ms > 0) {
      pcap_set_timeout(handle_, o.batch_ms);
    } else {
      pcap_set_immediate_mode(handle_, 1);
    }
    const std::uint64_t bytes = std::uint64_t{o.buffer_kib} * 1024U;
    pcap_set_buffer_size(handle_, static_cast<int>(std::min<std::uint64_t>(bytes, INT_MAX)));
    if (pcap_set_tstamp_precision(handle_, PCAP_TSTAMP_PRECISION_NANO) == 0) {
      nano_ = true;
    } else {
      warnings_.push_back("nanosecond timestamps not available; using microseconds");
    }
    activate();
    if (pcap_setnonblock(handle_, 1, errbuf) != 0) {
      throw SourceError(fmt::format("cannot capture on '{}': {}", name_, errbuf));
    }
    fd_ = pcap_get_selectable_fd(handle_);
    if (fd_ < 0) throw SourceError(fmt::format("cannot capture on '{}': no selectable descriptor", name_));
    if (name_ != "any") if_index_ = ::if_nametoindex(name_.c_str());
    link_type_ = pcap_datalink(handle_);
    if (!o.filter.empty()) apply_filter(o.filter);
    if (o.fanout_group >= 0) join_fanout(o.fanout_group);
  }

  void join_fanout(int group) {
#ifdef PACKET_FANOUT
    const int value = (group & 0xffff) | ((PACKET_FANOUT_HASH | PACKET_FANOUT_FLAG_DEFRAG) << 16);
    if (::setsockopt(pcap_fileno(handle_), SOL_PACKET, PACKET_FANOUT, &value, sizeof(value)) != 0) {
      throw SourceError(
          fmt::format("cannot share '{}' between worker threads (AF_PACKET fanout group {}): {}; "
                      "run with -j 1",
                      name_, group, std::strerror(errno)));
    }
#else
    throw SourceError(
        fmt::format("cannot share '{}' between worker threads: AF_PACKET fanout is Linux only; "
                    "run with -j 1",
                    name_));
#endif
  }

 public:
  LiveRead next_live(RawFrame& frame, int timeout_ms, const sigset_t* wait_mask) override {
    for (int attempt = 0; attempt < 2; ++attempt) {
      pcap_pkthdr* header = nullptr;
      const u_char* data = nullptr;
      const int rc = pcap_next_ex(handle_, &header, &data);
      if (rc == 1) {
        ++number_;
        const std::int64_t sub = nano_ ? header->ts.tv_usec : std::int64_t{header->ts.tv_usec} * 1000;
        frame.ts = std::int64_t{header->ts.tv_sec} * 1'000'000'000 + sub;
        frame.bytes = {data, header->caplen};
        frame.wire_len = header->len;
        frame.link_type = link_type_;
        frame.interface_id = 0;
        frame.number = number_;
        frame.file_offset = -1;
        return LiveRead::frame;
      }
      if (rc < 0) {
        error_ = fmt::format("capture on '{}' stopped after packet {}: {}", name_, number_, pcap_geterr(handle_));
        return LiveRead::error;
      }
      if (attempt == 1) break;
      pollfd p{fd_, POLLIN, 0};
      const timespec ts{timeout_ms / 1000, static_cast<long>(timeout_ms % 1000) * 1'000'000L};
      const int n = ::ppoll(&p, 1, &ts, wait_mask);
      if (n < 0) {
        if (errno == EINTR) return LiveRead::interrupted;
        error_ = fmt::format("capture on '{}': waiting for packets failed: {}", name_, std::strerror(errno));
        return LiveRead::error;
      }
      if (n == 0) return LiveRead::idle;
      if ((p.revents & (POLLERR | POLLNVAL)) != 0 && (p.revents & POLLIN) == 0) {
        // Reading the socket's pending error clears it. ENETDOWN: the interface went down
        // (or is being removed, which link_state() then tells).
        int so_error = 0;
        socklen_t len = sizeof so_error;
        if ((p.revents & POLLNVAL) == 0 && ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &so_error, &len) == 0 &&
            so_error == ENETDOWN) {
          return LiveRead::link_down;
        }
        error_ = fmt::format("capture on '{}' failed after packet {}: {} (the interface went away?)", name_, number_,
                             so_error != 0 ? std::strerror(so_error) : "socket error");
        return LiveRead::error;
      }
    }
    return LiveRead::idle;
  }

  ReadStatus next(RawFrame& frame) override {
    for (;;) {
      switch (next_live(frame, 1000, nullptr)) {
        case LiveRead::frame: return ReadStatus::frame;
        case LiveRead::idle:
        case LiveRead::link_down: continue;
        case LiveRead::interrupted: return ReadStatus::end;
        case LiveRead::error: return ReadStatus::error;
      }
    }
  }

  LiveStats stats() override {
    pcap_stat s{};
    if (pcap_stats(handle_, &s) == 0) {
      accumulate(stats_.received, last_recv_, s.ps_recv);
      accumulate(stats_.kernel_drops, last_drop_, s.ps_drop);
      accumulate(stats_.interface_drops, last_ifdrop_, s.ps_ifdrop);
    }
    return stats_;
  }

  std::string error_message() const override { return error_; }
  int link_type() const override { return link_type_; }
  std::string description() const override {
    return fmt::format("interface {} (link type {})", name_, link_type_name(link_type_));
  }
  std::uint32_t snaplen() const override { return static_cast<std::uint32_t>(pcap_snapshot(handle_)); }
  const std::string& interface_name() const override { return name_; }
  const std::vector<std::string>& warnings() const override { return warnings_; }

  LinkState link_state() const override {
    // "any" and libpcap's pseudo-devices (nflog, usbmon, ...) have no link to watch.
    if (if_index_ == 0) return LinkState::up;
    if (::if_nametoindex(name_.c_str()) != if_index_) return LinkState::gone;
    const int s = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0) return LinkState::up;  // cannot tell: assume the best, packets will say
    ifreq req{};
    std::strncpy(req.ifr_name, name_.c_str(), IFNAMSIZ - 1);
    const int rc = ::ioctl(s, SIOCGIFFLAGS, &req);
    ::close(s);
    if (rc != 0) return LinkState::gone;
    const auto flags = static_cast<unsigned>(req.ifr_flags);
    return (flags & IFF_UP) != 0 && (flags & IFF_RUNNING) != 0 ? LinkState::up : LinkState::down;
  }

 private:
  void activate() {
    const int rc = pcap_activate(handle_);
    if (rc == 0) return;
    const std::string why = pcap_geterr(handle_);
    switch (rc) {
      case PCAP_WARNING_PROMISC_NOTSUP:
        warnings_.push_back(fmt::format("'{}' does not support promiscuous mode: {}", name_, why));
        return;
      case PCAP_WARNING_TSTAMP_TYPE_NOTSUP: return;
      case PCAP_WARNING: warnings_.push_back(why); return;
      case PCAP_ERROR_NO_SUCH_DEVICE:
        throw SourceError(
            fmt::format("no such interface '{}' ({}); available: {}", name_, why, available_interfaces()));
      case PCAP_ERROR_PERM_DENIED:
        throw SourceError(
            fmt::format("cannot capture on '{}': permission denied ({}); {}", name_, why, permission_advice()));
      case PCAP_ERROR_PROMISC_PERM_DENIED:
        throw SourceError(
            fmt::format("cannot put '{}' in promiscuous mode: permission denied ({}); {}; or "
                        "capture without it (-p)",
                        name_, why, permission_advice()));
      case PCAP_ERROR_IFACE_NOT_UP:
        throw SourceError(fmt::format("interface '{}' is down; bring it up first: ip link set {} up", name_, name_));
      default:
        throw SourceError(fmt::format("cannot capture on '{}': {}", name_, why.empty() ? pcap_statustostr(rc) : why));
    }
  }

  void apply_filter(const std::string& filter) {
    bpf_program program{};
    bpf_u_int32 net = 0;
    bpf_u_int32 mask = PCAP_NETMASK_UNKNOWN;
    char errbuf[PCAP_ERRBUF_SIZE] = {};
    if (pcap_lookupnet(name_.c_str(), &net, &mask, errbuf) != 0) mask = PCAP_NETMASK_UNKNOWN;
    if (pcap_compile(handle_, &program, filter.c_str(), 1, mask) != 0) {
      throw SourceError(fmt::format("invalid BPF filter '{}': {}; see pcap-filter(7)", filter, pcap_geterr(handle_)));
    }
    const int rc = pcap_setfilter(handle_, &program);
    pcap_freecode(&program);
    if (rc != 0) throw SourceError(fmt::format("cannot apply BPF filter '{}': {}", filter, pcap_geterr(handle_)));
  }

  std::string name_;
  pcap_t* handle_ = nullptr;
  int fd_ = -1;
  unsigned if_index_ = 0;
  int link_type_ = 0;
  bool nano_ = false;
  std::uint64_t number_ = 0;
  std::string error_;
  std::vector<std::string> warnings_;
  LiveStats stats_;
  std::uint32_t last_recv_ = 0;
  std::uint32_t last_drop_ = 0;
  std::uint32_t last_ifdrop_ = 0;
};

}  // namespace

std::unique_ptr<LiveSource> open_live_source(const LiveSourceOptions& options) {
  return std::make_unique<PcapLiveSource>(options);
}

std::vector<InterfaceInfo> list_interfaces() {
  std::vector<InterfaceInfo> out;
  pcap_if_t* all = nullptr;
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  if (pcap_findalldevs(&all, errbuf) != 0) return out;
  for (const pcap_if_t* d = all; d != nullptr; d = d->next) {
    InterfaceInfo i;
    i.name = d->name;
    if (d->description != nullptr) i.description = d->description;
    i.up = (d->flags & PCAP_IF_UP) != 0;
    i.loopback = (d->flags & PCAP_IF_LOOPBACK) != 0;
    out.push_back(std::move(i));
  }
  pcap_freealldevs(all);
  return out;
}

}  // namespace gp
