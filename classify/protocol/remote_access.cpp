// Remote access and file sharing: SSH identification strings, telnet option negotiation,
// RDP's TPKT + X.224 connection request, SMB over NetBIOS/direct TCP.
#include <algorithm>
#include <array>
#include <initializer_list>
#include <string_view>

#include "classify/protocol/detectors.hpp"

namespace gp::protocol_detail {
namespace {

// "SSH-protoversion-softwareversion SP comments CR LF" (RFC 4253 §4.2); "1.99" is the
// compatibility version of §5.1.
bool ssh_banner(const Payload& p, std::size_t at, ProtocolGuess& g) {
  std::size_t sw = 0;
  if (starts_with(p, "SSH-2.0-", at)) sw = at + 8;
  else if (starts_with(p, "SSH-1.99-", at)) sw = at + 9;
  else if (starts_with(p, "SSH-1.5-", at)) sw = at + 8;
  else return false;
  const std::size_t eol = line_end(p, sw);
  if (!printable(p, sw, eol)) return false;
  g.detail_kind = "software";
  add_detail(g, p, sw, eol);
  return true;
}

// Telnet (RFC 854/855): IAC (255) then WILL/WONT/DO/DONT and an option code, or a
// subnegotiation SB ... IAC SE, or a 2-byte command (NOP, GA, ...). Counts whole
// negotiations from the start; IAC IAC is an escaped data byte, not a negotiation.
int telnet_negotiations(const Payload& p) {
  int n = 0;
  std::size_t i = 0;
  while (p.has(i + 2) && p[i] == 255) {
    const std::uint8_t cmd = p[i + 1];
    if (cmd >= 251 && cmd <= 254) {
      if (!p.has(i + 3)) break;
      const std::uint8_t opt = p[i + 2];
      if (opt > 49 && opt != 255) return 0;  // beyond the IANA telnet option registry
      i += 3;
      ++n;
    } else if (cmd == 250) {  // SB option ... IAC SE
      std::size_t j = i + 3;
      while (p.has(j + 2) && !(p[j] == 255 && p[j + 1] == 240)) ++j;
      if (!p.has(j + 2)) break;
      i = j + 2;
      ++n;
    } else if (cmd >= 241 && cmd <= 249) {
      i += 2;
    } else {
      return 0;
    }
  }
  return n;
}

// TPKT (RFC 1006 §6) then an X.224 TPDU (ITU-T X.224 §13.3/13.4): LI counts the header
// after itself, so LI = TPKT length - 5 for a CR/CC without user data.
bool tpkt_x224(const Payload& p, std::uint8_t code) {
  if (!p.has(11) || p[0] != 3 || p[1] != 0) return false;
  const std::uint16_t len = p.be16(2);
  if (len < 11 || (!p.cut() && len != p.wire_length)) return false;
  return p[4] == len - 5 && p[5] == code;
}

}  // namespace

bool detect_ssh(const FlowPayloads& f, ProtocolGuess& out) {
  if (!f.tcp()) return false;
  set_guess(out, Protocol::ssh, ProtocolConfidence::strong, false);
  if (ssh_banner(f.client, 0, out)) return true;
  out.from_server = true;
  if (ssh_banner(f.server, 0, out)) return true;
  // A server may send other lines before its identification string (RFC 4253 §4.2).
  if (const std::size_t at = find(f.server, "\nSSH-"); at != kNotFound && ssh_banner(f.server, at + 1, out)) {
    return true;
  }
  return false;
}

bool detect_telnet(const FlowPayloads& f, ProtocolGuess& out) {
  if (!f.tcp()) return false;
  // Either side may open the negotiation; the side that shows more of it decides.
  const int server = telnet_negotiations(f.server);
  const int client = telnet_negotiations(f.client);
  const int n = server > client ? server : client;
  if (n == 0) return false;
  set_guess(out, Protocol::telnet, n >= 2 ? ProtocolConfidence::strong : ProtocolConfidence::weak, server > client);
  return true;
}

namespace {

// What an intruder types first into a shell it has just reached.
constexpr std::array<std::string_view, 12> kReconCommands{"id",      "whoami", "uname", "hostname", "pwd", "ifconfig",
                                                          "netstat", "ps",     "w",     "who",      "ls",  "cat"};

// The output of `id` ("uid=0(root) gid=0(root) ...") or `uname -a` ("Linux host 6.1.0 ...
// GNU/Linux"): text that only a shell prints.
bool shell_output(const Payload& p) {
  const std::size_t eol = line_end(p);
  if (!printable(p, 0, eol)) return false;
  if (starts_with(p, "uid=") && digits_at(p, 4) > 0 && starts_with(p, "(", 4 + digits_at(p, 4))) return true;
  return starts_with(p, "Linux ") && find(Payload{p.bytes.first(eol), eol}, " GNU/Linux") != kNotFound;
}

// One short command line, nothing else: "id\n", "uname -a\n".
bool recon_command(const Payload& p) {
  const std::size_t eol = line_end(p);
  if (p.cut() || eol == 0 || eol > 64 || eol + 1 != p.size() || p[eol] != '\n' || !printable(p, 0, eol)) {
    return false;
  }
  std::size_t word = 0;
  while (word < eol && p[word] != ' ') ++word;
  const std::string_view first = p.text().substr(0, word);
  return std::find(kReconCommands.begin(), kReconCommands.end(), first) != kReconCommands.end();
}

}  // namespace

bool detect_shell(const FlowPayloads& f, ProtocolGuess& out) {
  if (!f.tcp()) return false;
  // Each side is also identified alone, so either half is enough: the output of `id` or
  // `uname -a` is decisive; a bare reconnaissance command line is only consistent with one.
  for (const bool server : {true, false}) {
    const Payload& p = server ? f.server : f.client;
    if (shell_output(p)) {
      set_guess(out, Protocol::shell, ProtocolConfidence::strong, server, "output");
      add_detail(out, p, 0, line_end(p));
      return true;
    }
  }
  for (const bool server : {true, false}) {
    const Payload& p = server ? f.server : f.client;
    if (recon_command(p)) {
      set_guess(out, Protocol::shell, ProtocolConfidence::weak, server, "command");
      add_detail(out, p, 0, line_end(p));
      return true;
    }
  }
  return false;
}

bool detect_rdp(const FlowPayloads& f, ProtocolGuess& out) {
  if (!f.tcp()) return false;
  const Payload& c = f.client;
  if (tpkt_x224(c, 0xe0)) {  // Connection Request (MS-RDPBCGR 2.2.1.1)
    // RDP puts a cookie/routing token or an RDP_NEG_REQ (type 1, length 8) after the 7-byte
    // X.224 header; ISO-TSAP users such as S7comm put parameter codes 0xC0-0xC2 there.
    const bool cookie = starts_with(c, "Cookie: ", 11);
    const bool neg_req = c.has(15) && c[11] == 1 && c.be16(13) == 0x0800;
    const bool bare = c.be16(2) == 11;
    if (!cookie && !neg_req && !bare && !starts_with(c, "tsv://", 11)) return false;
    set_guess(out, Protocol::rdp, cookie || neg_req ? ProtocolConfidence::strong : ProtocolConfidence::weak, false);
    if (cookie) {
      out.detail_kind = "cookie";
      add_detail(out, c, 19, line_end(c, 19));
    }
    return true;
  }
  const Payload& s = f.server;
  if (tpkt_x224(s, 0xd0)) {  // Connection Confirm, with RDP_NEG_RSP (2) or RDP_NEG_FAILURE (3)
    const bool neg = s.has(12) && (s[11] == 2 || s[11] == 3);
    const bool bare = s.be16(2) == 11;
    if (!neg && !bare) return false;
    set_guess(out, Protocol::rdp, neg ? ProtocolConfidence::strong : ProtocolConfidence::weak, true);
    return true;
  }
  return false;
}

bool detect_smb(const FlowPayloads& f, ProtocolGuess& out) {
  if (!f.tcp()) return false;
  for (const Payload* p : {&f.client, &f.server}) {
    const Payload& m = *p;
    if (!m.has(8) || m[0] != 0) continue;
    // NetBIOS session message (RFC 1002 §4.3.6); direct-TCP SMB (MS-SMB2 2.1) widens the
    // length to 24 bits. The SMB header starts with 0xFF/0xFE/0xFD/0xFC "SMB".
    const std::uint32_t len = m.be24(1);
    if (len < 4 || (!m.cut() && len + 4 != m.wire_length && m.wire_length < 1400)) continue;
    if (m[5] != 'S' || m[6] != 'M' || m[7] != 'B') continue;
    std::string_view dialect;
    switch (m[4]) {
      case 0xff: dialect = "SMB1"; break;
      case 0xfe: dialect = "SMB2"; break;
      case 0xfd: dialect = "SMB3 encrypted"; break;
      case 0xfc: dialect = "SMB3 compressed"; break;
      default: continue;
    }
    set_guess(out, Protocol::smb, ProtocolConfidence::strong, p == &f.server, "dialect");
    out.detail.append(dialect);
    return true;
  }
  // NetBIOS session request (type 0x81, RFC 1002 §4.3.2): two encoded 34-byte names, the
  // start of SMB over port 139.
  const Payload& c = f.client;
  if (c.has(6) && c[0] == 0x81 && c[1] == 0 && c.be16(2) == 68 && c[4] == 32 && c[5] >= 'A' && c[5] <= 'P') {
    set_guess(out, Protocol::smb, ProtocolConfidence::weak, false, "dialect");
    out.detail.append("NetBIOS session request");
    return true;
  }
  return false;
}

}  // namespace gp::protocol_detail
