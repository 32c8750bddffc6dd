#include "classify/scan/fingerprint.hpp"

#include <fmt/core.h>

#include <string>

#include "capture/decode/decoded_packet.hpp"

namespace gp::scan {
namespace {

constexpr std::array<std::string_view, kScanToolCount> kNames{"none",   "nmap",  "masscan",     "zmap",
                                                              "hping3", "mirai", "backscatter", "unknown"};

bool nmap_window(std::uint16_t w) { return w == 1024 || w == 2048 || w == 3072 || w == 4096; }

bool options_are_mss_only(const FirstSegment& s) {
  return s.options_size == 4 && s.options[0] == 2 && s.options[1] == 4;
}

// nmap's OS-detection SYNs put TSval = 0xFFFFFFFF in a timestamp option (kind 8, len 10).
bool has_nmap_tsval(const FirstSegment& s) {
  for (std::size_t i = 0; i < s.options_size;) {
    const std::uint8_t kind = s.options[i];
    if (kind == 0) break;
    if (kind == 1) {
      ++i;
      continue;
    }
    if (i + 1 >= s.options_size) break;
    const std::uint8_t len = s.options[i + 1];
    if (len < 2 || i + len > s.options_size) break;
    if (kind == 8 && len == 10 && s.options[i + 2] == 0xff && s.options[i + 3] == 0xff && s.options[i + 4] == 0xff &&
        s.options[i + 5] == 0xff) {
      return true;
    }
    i += len;
  }
  return false;
}

}  // namespace

std::string_view to_string(ScanTool t) noexcept { return kNames[static_cast<std::size_t>(t)]; }

std::optional<ScanTool> parse_scan_tool(std::string_view text) noexcept {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == text) return static_cast<ScanTool>(i);
  }
  return std::nullopt;
}

ScanTool fingerprint(const FirstSegment& s) noexcept {
  using namespace tcp_flag;
  if (!s.present) return ScanTool::none;
  const auto core = static_cast<std::uint8_t>(s.flags & (kFin | kSyn | kRst | kPsh | kAck | kUrg));
  if (core == (kSyn | kAck) || core == kRst || core == (kRst | kAck)) return ScanTool::backscatter;
  // Address-derived fields first: they are exact relations, not habits.
  if (s.ip_id == 54321) return ScanTool::zmap;
  if (s.dst_v4 != 0 && s.seq == s.dst_v4) return ScanTool::mirai;
  if (s.dst_v4 != 0 && s.ip_id == static_cast<std::uint16_t>((s.dst_v4 ^ s.dst_port ^ s.seq) & 0xffffU)) {
    return ScanTool::masscan;
  }
  if (s.window == 512 && s.ttl <= 64 && s.ttl > 32 && s.options_size == 0) return ScanTool::hping3;
  if (nmap_window(s.window) && (s.options_size == 0 || options_are_mss_only(s))) return ScanTool::nmap;
  if (has_nmap_tsval(s)) return ScanTool::nmap;
  return ScanTool::unknown;
}

std::string describe_segment(const FirstSegment& s) {
  if (!s.present) return "-";
  std::string opts;
  for (std::size_t i = 0; i < s.options_size;) {
    const std::uint8_t kind = s.options[i];
    const char* name = kind == 0   ? "eol"
                       : kind == 1 ? "nop"
                       : kind == 2 ? "mss"
                       : kind == 3 ? "ws"
                       : kind == 4 ? "sackok"
                       : kind == 8 ? "ts"
                                   : nullptr;
    if (!opts.empty()) opts += ',';
    opts += name ? std::string(name) : fmt::format("k{}", kind);
    if (kind == 0) break;
    if (kind == 1) {
      ++i;
      continue;
    }
    if (i + 1 >= s.options_size || s.options[i + 1] < 2) break;
    i += s.options[i + 1];
  }
  return fmt::format("flags=0x{:02x} win={} ttl={} id=0x{:04x} opts={}", s.flags, s.window, s.ttl, s.ip_id,
                     opts.empty() ? "none" : opts);
}

}  // namespace gp::scan
