// Line-based command protocols: SMTP (RFC 5321), POP3 (RFC 1939), IMAP (RFC 9051), FTP
// (RFC 959) and IRC (RFC 2812). Servers of the first four greet first, so the banner
// usually decides; the client's first command settles the shared "220" greeting of SMTP
// and FTP (RFC 5321 §4.2, RFC 959 §5.4).
#include <array>

#include "classify/protocol/detectors.hpp"

namespace gp::protocol_detail {
namespace {

constexpr std::array<std::string_view, 4> kSmtpCommands{"EHLO ", "HELO ", "LHLO ", "MAIL FROM:"};
constexpr std::array<std::string_view, 10> kFtpCommands{"USER ", "AUTH TLS", "AUTH SSL", "FEAT\r", "SYST\r",
                                                        "OPTS ", "PASV\r",   "EPSV",     "TYPE ",  "PWD\r"};
constexpr std::array<std::string_view, 3> kPop3Commands{"CAPA\r", "STLS\r", "APOP "};
constexpr std::array<std::string_view, 10> kImapCommands{
    "CAPABILITY", "LOGIN ", "STARTTLS", "AUTHENTICATE ", "ID ", "NOOP", "LOGOUT", "SELECT ", "LIST ", "EXAMINE "};

template <std::size_t N>
bool command_in(const Payload& p, const std::array<std::string_view, N>& commands, std::size_t at = 0) {
  for (const std::string_view cmd : commands) {
    if (starts_with_nocase(p, cmd, at)) return true;
  }
  return false;
}

// An IMAP command: a tag of letters/digits/'.', a space, then a command (RFC 9051 §2.2.1).
bool imap_command(const Payload& p) {
  std::size_t i = 0;
  while (i < p.size() && i < 16 && (is_alnum(p[i]) || p[i] == '.')) ++i;
  return i > 0 && p.has(i + 1) && p[i] == ' ' && command_in(p, kImapCommands, i + 1);
}

// "220 text" or "220-text" (multi-line): a reply code then the text (RFC 5321 §4.2).
bool reply(const Payload& p, std::string_view code) {
  return starts_with(p, code) && p.has(code.size() + 1) && (p[code.size()] == ' ' || p[code.size()] == '-') &&
         printable(p, 0, line_end(p));
}

void banner_detail(ProtocolGuess& g, const Payload& p, std::size_t from) {
  g.detail_kind = "banner";
  add_detail(g, p, from, line_end(p, from));
}

void command_detail(ProtocolGuess& g, const Payload& p) {
  g.detail_kind = "command";
  std::size_t end = 0;
  while (end < p.size() && p[end] != ' ' && p[end] != '\r' && p[end] != '\n') ++end;
  add_detail(g, p, 0, end);
}

// IRC client registration: "NICK n", "USER u mode * :real name", IRCv3 "CAP LS".
bool irc_client(const Payload& p) {
  if (starts_with_nocase(p, "NICK ") || starts_with_nocase(p, "CAP LS"))
    return p.has(6) && printable(p, 0, line_end(p));
  if (!starts_with_nocase(p, "USER ")) return false;
  const std::size_t eol = line_end(p);
  std::size_t spaces = 0;
  for (std::size_t i = 5; i < eol; ++i) spaces += p[i] == ' ' ? 1U : 0U;
  const std::size_t colon = find(Payload{p.bytes.first(eol), eol}, " :", 5);
  return spaces >= 3 && colon != kNotFound && printable(p, 0, eol);
}

// IRC server lines: ":server NOTICE ..." / ":server 001 ..." or the old "NOTICE AUTH :".
bool irc_server(const Payload& p) {
  if (starts_with(p, "NOTICE AUTH :")) return true;
  if (!p.has(8) || p[0] != ':') return false;
  std::size_t i = 1;
  while (i < p.size() && p[i] != ' ' && is_print(p[i])) ++i;
  if (i == 1 || !p.has(i + 5) || p[i] != ' ') return false;
  return starts_with(p, "NOTICE ", i + 1) || (digits_at(p, i + 1) == 3 && p[i + 4] == ' ');
}

}  // namespace

bool detect_irc(const FlowPayloads& f, ProtocolGuess& out) {
  if (!f.tcp()) return false;
  if (irc_client(f.client)) {
    set_guess(out, Protocol::irc, ProtocolConfidence::strong, false);
    if (starts_with_nocase(f.client, "NICK ")) {
      out.detail_kind = "nick";
      add_detail(out, f.client, 5, line_end(f.client, 5));
    }
    return true;
  }
  if (irc_server(f.server)) {
    set_guess(out, Protocol::irc, ProtocolConfidence::strong, true);
    return true;
  }
  return false;
}

bool detect_mail_ftp(const FlowPayloads& f, ProtocolGuess& out) {
  if (!f.tcp()) return false;
  const Payload& c = f.client;
  const Payload& s = f.server;
  if ((starts_with(s, "* OK") || starts_with(s, "* PREAUTH")) && printable(s, 0, line_end(s))) {
    set_guess(out, Protocol::imap, ProtocolConfidence::strong, true);
    banner_detail(out, s, 2);
    return true;
  }
  // A greeting carries text ("+OK Dovecot ready."): a bare "+OK\r\n" is Redis's commonest
  // reply (RESP simple string) far more often than a POP3 greeting.
  if (starts_with(s, "+OK ") && printable(s, 0, line_end(s))) {
    set_guess(out, Protocol::pop3, ProtocolConfidence::strong, true);
    banner_detail(out, s, 4);
    return true;
  }
  if (reply(s, "220")) {
    const bool smtp_client = command_in(c, kSmtpCommands);
    const bool ftp_client = command_in(c, kFtpCommands);
    const std::size_t eol = line_end(s);
    const Payload line{s.bytes.first(eol), eol};
    const bool says_smtp = find(line, "SMTP", 0, true) != kNotFound;
    const bool says_ftp = find(line, "FTP", 0, true) != kNotFound;
    Protocol p = Protocol::ftp;
    auto conf = ProtocolConfidence::weak;
    if (smtp_client || (!ftp_client && says_smtp)) {
      p = Protocol::smtp;
      conf = ProtocolConfidence::strong;
    } else if (ftp_client || says_ftp) {
      conf = ProtocolConfidence::strong;
    } else if (find(line, "mail", 0, true) != kNotFound) {
      p = Protocol::smtp;
    }
    set_guess(out, p, conf, !smtp_client && !ftp_client);
    banner_detail(out, s, 4);
    return true;
  }
  if (reply(s, "554")) {  // a greeting that refuses service (RFC 5321 §3.1)
    set_guess(out, Protocol::smtp, ProtocolConfidence::weak, true);
    banner_detail(out, s, 4);
    return true;
  }
  // The server's greeting not seen: the client's first command alone.
  if (!printable(c, 0, line_end(c))) return false;
  if (command_in(c, kSmtpCommands)) {
    set_guess(out, Protocol::smtp, ProtocolConfidence::strong, false);
  } else if (imap_command(c)) {
    set_guess(out, Protocol::imap, ProtocolConfidence::strong, false);
  } else if (command_in(c, kPop3Commands)) {
    set_guess(out, Protocol::pop3, ProtocolConfidence::weak, false);
  } else if (command_in(c, kFtpCommands)) {
    set_guess(out, Protocol::ftp, ProtocolConfidence::weak, false);
  } else {
    return false;
  }
  command_detail(out, c);
  return true;
}

}  // namespace gp::protocol_detail
