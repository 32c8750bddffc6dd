// NTP (RFC 5905 §7.3) and syslog (RFC 5424 §6, RFC 3164 §4.1, over TCP RFC 6587 §3.4).
#include <array>

#include "classify/protocol/detectors.hpp"

namespace gp::protocol_detail {
namespace {

constexpr std::size_t kNtpHeader = 48;
constexpr std::uint8_t kNtpClient = 3;
constexpr std::uint8_t kNtpServer = 4;

// RFC 5424 §6.2.1 Table 1 and 2.
constexpr std::array<std::string_view, 24> kFacilities{"kern",   "user",   "mail",   "daemon", "auth",     "syslog",
                                                       "lpr",    "news",   "uucp",   "cron",   "authpriv", "ftp",
                                                       "ntp",    "audit",  "alert",  "clock",  "local0",   "local1",
                                                       "local2", "local3", "local4", "local5", "local6",   "local7"};
constexpr std::array<std::string_view, 8> kSeverities{"emerg",   "alert",  "crit", "err",
                                                      "warning", "notice", "info", "debug"};
constexpr std::array<std::string_view, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

struct NtpHeader {
  bool valid = false;
  std::uint8_t mode = 0;
};

NtpHeader ntp_header(const Payload& p) {
  NtpHeader h;
  // The 48-byte header, then optional extension fields and a MAC, all in 4-byte words.
  if (!p.has(4) || p.wire_length < kNtpHeader || (p.wire_length - kNtpHeader) % 4 != 0 || p.wire_length > 1024) {
    return h;
  }
  const auto version = static_cast<std::uint8_t>((p[0] >> 3U) & 7U);
  h.mode = static_cast<std::uint8_t>(p[0] & 7U);
  // Versions 1-4; modes 1-5 use this header (6 and 7, control and private, do not).
  if (version < 1 || version > 4 || h.mode < 1 || h.mode > 5) return h;
  if (p[1] > 16) return h;  // stratum: 0 (unspecified / kiss-o'-death) .. 16 (unsynchronised)
  const auto poll = static_cast<std::int8_t>(p[2]);
  if (poll < 0 || poll > 17) return h;  // log2 seconds; RFC 5905 allows 4..17, clients send 0
  h.valid = true;
  return h;
}

}  // namespace

bool detect_ntp(const FlowPayloads& f, ProtocolGuess& out) {
  if (!f.udp()) return false;
  const NtpHeader c = ntp_header(f.client);
  const NtpHeader s = ntp_header(f.server);
  if (!c.valid && !s.valid) return false;
  // A client request answered by a server reply, or either alone at exactly the header size.
  const bool pair = c.valid && s.valid && c.mode == kNtpClient && s.mode == kNtpServer;
  const bool exact = c.valid ? f.client.wire_length == kNtpHeader : f.server.wire_length == kNtpHeader;
  set_guess(out, Protocol::ntp, pair || exact ? ProtocolConfidence::strong : ProtocolConfidence::weak, !c.valid);
  return true;
}

bool detect_syslog(const FlowPayloads& f, ProtocolGuess& out) {
  const Payload& c = f.client;
  std::size_t off = 0;
  if (f.tcp()) {
    const std::size_t n = digits_at(c, 0);  // octet-counting framing: MSG-LEN SP
    if (n > 0 && n <= 5 && c.has(n + 1) && c[n] == ' ') off = n + 1;
  } else if (!f.udp()) {
    return false;
  }
  // PRI: "<" 1-3 digits ">" with a value 0..191 and no leading zero (RFC 5424 §6.2.1).
  if (!c.has(off + 4) || c[off] != '<') return false;
  const std::size_t n = digits_at(c, off + 1);
  if (n == 0 || n > 3 || !c.has(off + n + 3) || c[off + 1 + n] != '>' || (n > 1 && c[off + 1] == '0')) return false;
  unsigned pri = 0;
  for (std::size_t i = 0; i < n; ++i) pri = pri * 10 + static_cast<unsigned>(c[off + 1 + i] - '0');
  if (pri > 191) return false;
  const std::size_t msg = off + n + 2;
  // RFC 5424 puts VERSION "1" then SP; RFC 3164 a "Mmm dd" timestamp; many devices an
  // ISO date. Anything else printable is still a syslog line, only less certain.
  bool dated = starts_with(c, "1 ", msg) || (c.has(msg + 1) && is_digit(c[msg]));
  for (const std::string_view m : kMonths) dated = dated || starts_with(c, m, msg);
  if (!dated && !printable(c, msg, line_end(c, msg))) return false;
  set_guess(out, Protocol::syslog, dated ? ProtocolConfidence::strong : ProtocolConfidence::weak, false, "priority");
  out.detail.append(kFacilities[pri / 8]);
  out.detail.append(".");
  out.detail.append(kSeverities[pri % 8]);
  return true;
}

}  // namespace gp::protocol_detail
