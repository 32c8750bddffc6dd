// Which tool sent a probe, from the header fields of the originator's first TCP segment.
// Each rule names the tool's source that fixes the field, and was checked against the
// bundled captures of the real tools (pcaps/scanner_noise.pcapng, see docs/scan-reports.md):
//
//  zmap     IPv4 ID = 54321: zmap's probe_modules/packet.c make_ip_header() sets
//           ip_id = htons(54321) on every probe. (Seen: ID 0xd431, TTL 255, window 65535.)
//  masscan  IPv4 ID = (dst_ip ^ dst_port ^ seq) & 0xffff: src/templ-pkt.c tcp_create_packet()
//           / template_set_target() compute ip_id = ip ^ port ^ seqno, where seqno is the
//           SYN cookie of syn-cookie.c. A random match has odds 1/65536 per packet.
//           (Seen in 1.3.2: TTL 255, window 1024, no options; newer: MSS 1460.)
//  mirai    sequence number = destination IPv4 address: Mirai's scanner.c writes
//           tcph->seq = iph->daddr (Antonakakis et al., USENIX Security 2017).
//  hping3   window 512, TTL 64, no TCP options: hping2.h DEFAULT_SRCWINSIZE 512,
//           DEFAULT_TTL 64; sendtcp.c sends a bare 20-byte header. (Seen: also a random
//           non-zero ack field without the ACK flag.)
//  nmap     raw probes (-sS/-sF/-sN/-sX/-sA/-sM) carry window 1024 (also 2048, 3072, 4096
//           in other nmap versions' scan engines) and either no options or exactly MSS
//           (02 04 05 b4 for -sS); OS-detection probes carry TSval 0xFFFFFFFF
//           (nmap.org/book/osdetect-methods.html). nmap -sT and -sV use the kernel's
//           connect(), whose SYN is the OS's own: no packet fingerprint (see ScanDetector's
//           connect-scan handling).
//  backscatter  first segment SYN-ACK or RST: an answer to a SYN never seen.
// Anything else that probes is "unknown"; the fields seen are kept for the report.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "capture/flow/flow_evidence.hpp"

namespace gp::scan {

// Same vocabulary, same order as classify/features kScanTools.
enum class ScanTool : std::uint8_t { none, nmap, masscan, zmap, hping3, mirai, backscatter, unknown };
inline constexpr std::size_t kScanToolCount = 8;
std::string_view to_string(ScanTool t) noexcept;
std::optional<ScanTool> parse_scan_tool(std::string_view text) noexcept;

// The tool whose packets these are; `unknown` when the segment matches no rule, `none`
// when there is no first segment to look at.
ScanTool fingerprint(const FirstSegment& first) noexcept;

// "win=1024 ttl=255 id=0x1234 opts=mss" — what an unknown tool looked like.
std::string describe_segment(const FirstSegment& first);

}  // namespace gp::scan
