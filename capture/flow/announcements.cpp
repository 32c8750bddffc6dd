#include "capture/flow/announcements.hpp"

#include <algorithm>
#include <array>

namespace gp {
namespace {

constexpr std::array<std::string_view, 5> kVerbs{"-", "PORT", "EPRT", "227", "229"};

bool starts_with_ci(std::span<const std::uint8_t> p, std::string_view word) {
  if (p.size() < word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    const auto c = static_cast<char>(p[i] >= 'a' && p[i] <= 'z' ? p[i] - 32 : p[i]);
    if (c != word[i]) return false;
  }
  return true;
}

// A decimal number of at most `max_digits` at p[i], advancing i; nullopt when none.
std::optional<std::uint32_t> number(std::span<const std::uint8_t> p, std::size_t& i, std::size_t max_digits) {
  std::uint32_t v = 0;
  std::size_t digits = 0;
  while (i < p.size() && p[i] >= '0' && p[i] <= '9' && digits < max_digits) {
    v = v * 10 + (p[i] - '0');
    ++i;
    ++digits;
  }
  if (digits == 0 || (i < p.size() && p[i] >= '0' && p[i] <= '9')) return std::nullopt;
  return v;
}

// "h1,h2,h3,h4,p1,p2" at p[i] (RFC 959): the port p1*256+p2.
std::optional<std::uint16_t> host_port(std::span<const std::uint8_t> p, std::size_t i) {
  std::array<std::uint32_t, 6> v{};
  for (std::size_t k = 0; k < v.size(); ++k) {
    while (k == 0 && i < p.size() && p[i] == ' ') ++i;
    const auto n = number(p, i, 3);
    if (!n || *n > 255) return std::nullopt;
    v[k] = *n;
    if (k + 1 < v.size()) {
      if (i >= p.size() || p[i] != ',') return std::nullopt;
      ++i;
    }
  }
  const std::uint32_t port = v[4] * 256 + v[5];
  if (port == 0) return std::nullopt;
  return static_cast<std::uint16_t>(port);
}

// "<d>proto<d>addr<d>port<d>" at p[i] (RFC 2428 section 2 and 3), the delimiter any of 33-126.
std::optional<std::uint16_t> extended_port(std::span<const std::uint8_t> p, std::size_t i, bool address_required) {
  while (i < p.size() && p[i] == ' ') ++i;
  if (i >= p.size() || p[i] < 33 || p[i] > 126) return std::nullopt;
  const std::uint8_t d = p[i++];
  for (int field = 0; field < 2; ++field) {  // net-prt, net-addr: up to the next delimiter
    const std::size_t begin = i;
    while (i < p.size() && p[i] != d && i - begin < 64) ++i;
    if (i >= p.size() || p[i] != d) return std::nullopt;
    if (address_required && i == begin) return std::nullopt;
    ++i;
  }
  const auto n = number(p, i, 5);
  if (!n || *n == 0 || *n > 65535 || i >= p.size() || p[i] != d) return std::nullopt;
  return static_cast<std::uint16_t>(*n);
}

std::size_t find(std::span<const std::uint8_t> p, std::uint8_t c) {
  const auto it = std::find(p.begin(), p.end(), c);
  return it == p.end() ? p.size() : static_cast<std::size_t>(it - p.begin());
}

}  // namespace

std::string_view to_string(Announcer a) noexcept {
  switch (a) {
    case Announcer::none: return "none";
    case Announcer::ftp: return "ftp";
  }
  return "?";
}

std::optional<ParsedAnnouncement> parse_ftp_announcement(std::span<const std::uint8_t> p) {
  // Only the payload's first line: commands and these replies are one line each.
  p = p.first(std::min(p.size(), find(p, '\n')));
  if (starts_with_ci(p, "PORT ")) {
    if (const auto port = host_port(p, 5)) return ParsedAnnouncement{*port, kVerbs[1]};
  } else if (starts_with_ci(p, "EPRT ")) {
    if (const auto port = extended_port(p, 5, true)) return ParsedAnnouncement{*port, kVerbs[2]};
  } else if (starts_with_ci(p, "227 ") || starts_with_ci(p, "227-")) {
    // RFC 959 leaves the text free; servers put the numbers in parentheses, or not.
    std::size_t i = 4;
    while (i < p.size() && !(p[i] >= '0' && p[i] <= '9')) ++i;
    if (const auto port = host_port(p, i)) return ParsedAnnouncement{*port, kVerbs[3]};
  } else if (starts_with_ci(p, "229 ") || starts_with_ci(p, "229-")) {
    const std::size_t open = find(p, '(');
    if (open < p.size()) {
      if (const auto port = extended_port(p, open + 1, false)) return ParsedAnnouncement{*port, kVerbs[4]};
    }
  }
  return std::nullopt;
}

bool is_ftp_control(std::uint16_t orig_port, std::uint16_t resp_port, std::span<const std::uint8_t> greeting) {
  if (orig_port == 21 || resp_port == 21) return true;
  if (!starts_with_ci(greeting, "220")) return false;
  for (std::size_t i = 0; i + 3 <= greeting.size(); ++i) {
    if (starts_with_ci(greeting.subspan(i), "FTP")) return true;
  }
  return false;
}

void Announcements::add(bool by_orig, std::uint16_t port, std::string_view verb) {
  const std::size_t slot = total % kExact;
  ports[slot] = port;
  const auto bit = static_cast<std::uint8_t>(1U << slot);
  resp_side = by_orig ? static_cast<std::uint8_t>(resp_side & ~bit) : static_cast<std::uint8_t>(resp_side | bit);
  const std::size_t side = by_orig ? 0 : 1;
  low[side] = low[side] == 0 ? port : std::min(low[side], port);
  high[side] = std::max(high[side], port);
  total = total == 0xFFFF ? kTotalCap : static_cast<std::uint16_t>(total + 1);
  const auto it = std::find(kVerbs.begin(), kVerbs.end(), verb);
  verbs[slot] = static_cast<std::uint8_t>(it == kVerbs.end() ? 0 : it - kVerbs.begin());
  last_verb[side] = verbs[slot];
}

std::string_view Announcements::verb_of(bool by_orig, std::uint16_t port) const {
  const std::size_t kept = std::min<std::size_t>(total, kExact);
  for (std::size_t i = 0; i < kept; ++i) {
    const bool resp = ((resp_side >> i) & 1U) != 0;
    if (ports[i] == port && resp != by_orig) return kVerbs[verbs[i] < kVerbs.size() ? verbs[i] : 0];
  }
  const std::size_t side = by_orig ? 0 : 1;
  if (overflowed() && low[side] != 0 && port >= low[side] && port <= high[side]) {
    return kVerbs[last_verb[side] < kVerbs.size() ? last_verb[side] : 0];
  }
  return {};
}

void Announcements::flip() {
  resp_side = static_cast<std::uint8_t>(~resp_side);
  std::swap(low[0], low[1]);
  std::swap(high[0], high[1]);
  std::swap(last_verb[0], last_verb[1]);
}

}  // namespace gp
