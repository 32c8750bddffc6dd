// HTTP/1.x (RFC 9112 §3 request line, §4 status line) and SIP (RFC 3261 §7.1/§7.2), which
// share the shape "METHOD SP target SP version" / "version SP code SP reason". They are
// told apart by the version token and the target: SIP targets are sip:/sips:/tel: URIs.
#include <array>
#include <initializer_list>

#include "classify/protocol/detectors.hpp"

namespace gp::protocol_detail {
namespace {

// Methods whose request line we accept as HTTP: RFC 9110 §9, WebDAV (RFC 4918), PATCH
// (RFC 5789), and SSDP's NOTIFY/M-SEARCH (HTTP over UDP).
constexpr std::array<std::string_view, 20> kHttpMethods{
    "GET",       "POST",  "HEAD", "PUT",  "DELETE", "OPTIONS", "CONNECT", "TRACE",  "PATCH",    "PROPFIND",
    "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK",   "UNLOCK",  "REPORT",  "SEARCH", "M-SEARCH", "NOTIFY"};
// RFC 3261 §27.4 and the extensions registered since (RFC 3262, 3265, 3311, 3428, 3515, 3903, 6086).
constexpr std::array<std::string_view, 14> kSipMethods{"INVITE",  "ACK",   "BYE",       "CANCEL", "REGISTER",
                                                       "OPTIONS", "PRACK", "SUBSCRIBE", "NOTIFY", "PUBLISH",
                                                       "INFO",    "REFER", "MESSAGE",   "UPDATE"};

// Length of the method at the start of `p` when it is one of `methods` followed by a space.
template <std::size_t N>
std::size_t method_at(const Payload& p, const std::array<std::string_view, N>& methods) {
  for (const std::string_view m : methods) {
    if (starts_with(p, m) && p.has(m.size() + 1) && p[m.size()] == ' ') return m.size();
  }
  return 0;
}

// "HTTP/1.1 200 " or "SIP/2.0 180 ": version, space, three digits, then space or line end.
bool status_line(const Payload& p, std::string_view version) {
  const std::size_t n = version.size();
  if (!starts_with(p, version) || !p.has(n + 4) || p[n] != ' ' || digits_at(p, n + 1) != 3) return false;
  return !p.has(n + 5) || p[n + 4] == ' ' || p[n + 4] == '\r' || p[n + 4] == '\n';
}

// The value of header `name` ("\r\nHost:") in the sample, trimmed; empty range when absent.
void header_value(const Payload& p, std::string_view name, std::size_t& from, std::size_t& to) {
  from = to = 0;
  const std::size_t at = find(p, name, 0, true);
  if (at == kNotFound) return;
  std::size_t i = at + name.size();
  while (i < p.size() && p[i] == ' ') ++i;
  from = i;
  to = line_end(p, i);
}

}  // namespace

bool detect_http(const FlowPayloads& f, ProtocolGuess& out) {
  const Payload& c = f.client;
  if (const std::size_t m = method_at(c, kHttpMethods); m != 0) {
    const std::size_t target = m + 1;
    const std::size_t eol = line_end(c, target);
    if (!printable(c, 0, eol)) return false;
    const bool versioned = find(Payload{c.bytes.first(eol), eol}, " HTTP/", target) != kNotFound;
    // Origin-form "/x", asterisk-form "*", absolute-form through a proxy, or CONNECT's
    // authority-form host:port (RFC 9112 §3.2).
    const bool plausible =
        c.has(target + 1) &&
        (c[target] == '/' || c[target] == '*' || starts_with_nocase(c, "http://", target) ||
         starts_with_nocase(c, "https://", target) || (starts_with(c, "CONNECT ") && is_alnum(c[target])));
    if (!versioned && !plausible) return false;
    // A line cut by the sample still counts when the target has the shape of one.
    set_guess(out, Protocol::http, ProtocolConfidence::strong, false, "request");
    add_detail(out, c, 0, m);
    std::size_t from = 0;
    std::size_t to = 0;
    header_value(c, "\r\nHost:", from, to);
    out.detail.append(" ");
    if (from < to) {
      add_detail(out, c, from, to);
    } else {
      std::size_t t_end = target;
      while (t_end < eol && c[t_end] != ' ') ++t_end;
      add_detail(out, c, target, t_end);
    }
    return true;
  }
  if (starts_with(c, "PRI * HTTP/2.0")) {  // the HTTP/2 prior-knowledge preface, RFC 9113 §3.4
    set_guess(out, Protocol::http, ProtocolConfidence::strong, false, "request");
    out.detail.append("HTTP/2");
    return true;
  }
  for (const Payload* p : {&f.server, &f.client}) {
    if (status_line(*p, "HTTP/1.1") || status_line(*p, "HTTP/1.0")) {
      set_guess(out, Protocol::http, ProtocolConfidence::strong, p == &f.server, "status");
      add_detail(out, *p, 9, 12);
      return true;
    }
  }
  return false;
}

bool detect_sip(const FlowPayloads& f, ProtocolGuess& out) {
  const Payload& c = f.client;
  if (const std::size_t m = method_at(c, kSipMethods); m != 0) {
    const std::size_t target = m + 1;
    const bool uri = starts_with_nocase(c, "sip:", target) || starts_with_nocase(c, "sips:", target) ||
                     starts_with_nocase(c, "tel:", target);
    const std::size_t eol = line_end(c, target);
    const bool versioned = find(Payload{c.bytes.first(eol), eol}, " SIP/2.0", target) != kNotFound;
    if (!uri || !printable(c, 0, eol)) return false;
    set_guess(out, Protocol::sip, versioned || eol > target + 8 ? ProtocolConfidence::strong : ProtocolConfidence::weak,
              false, "request");
    std::size_t t_end = target;
    while (t_end < eol && c[t_end] != ' ') ++t_end;
    add_detail(out, c, 0, t_end);
    return true;
  }
  for (const Payload* p : {&f.server, &f.client}) {
    if (status_line(*p, "SIP/2.0")) {
      set_guess(out, Protocol::sip, ProtocolConfidence::strong, p == &f.server, "status");
      add_detail(out, *p, 8, 11);
      return true;
    }
  }
  return false;
}

}  // namespace gp::protocol_detail
