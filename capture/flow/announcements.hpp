// Expected connections: control channels that announce the port a later connection will
// use (FTP's PORT/EPRT commands and 227/229 replies; SIP/SDP's m= lines and the RPC
// portmapper's GETPORT replies are the same shape), in the manner of Zeek's expected
// connections. The flow keeps what its own packets announced, fixed-size; the analyzer
// matches later connections against it (annotate/expected_connections.hpp).
//
// To add an announcing protocol: one row in kAnnouncers (announcements.cpp) with a test
// that says whether a flow is its control channel and a parser of one payload.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace gp {

enum class Announcer : std::uint8_t { none, ftp };
std::string_view to_string(Announcer a) noexcept;

// What one control packet announced: the port its sender will listen on (FTP PASV/EPSV:
// the server; PORT/EPRT: the client), and how (the command or reply, for the reason text).
struct ParsedAnnouncement {
  std::uint16_t port = 0;
  std::string_view verb;  // "PORT", "EPRT", "227", "229"
};

// FTP (RFC 959 section 4.1.2 PORT, 227 reply; RFC 2428 EPRT, 229 reply). The address in
// PORT/227 is not kept: behind NAT it is the private one, while the data connection still
// runs between the two control peers (FXP to a third host is not expected).
std::optional<ParsedAnnouncement> parse_ftp_announcement(std::span<const std::uint8_t> payload);

// Whether a TCP flow is an FTP control channel: a peer on port 21, or a responder whose
// greeting is an FTP 220 (servers on odd ports).
bool is_ftp_control(std::uint16_t orig_port, std::uint16_t resp_port, std::span<const std::uint8_t> resp_greeting);

// The announcements of one control flow, fixed-size. The last kExact (side, port) pairs are
// kept exactly; every announcement also widens its side's [low, high] port range, which
// stands in for the exact ones overwritten on long sessions (a client listing hundreds of
// directories over one control connection).
struct Announcements {
  static constexpr std::size_t kExact = 8;
  Announcer announcer = Announcer::none;
  // Announcements seen, up to kTotalCap + kExact - 1; past that it steps back by kExact, so it
  // changes with every announcement (a new one is told by it) and keeps the ring's order.
  static constexpr std::uint16_t kTotalCap = 0xFFFF - kExact + 1;
  std::uint16_t total = 0;
  std::array<std::uint16_t, kExact> ports{};  // ring, newest at (total - 1) % kExact
  std::uint8_t resp_side = 0;                 // bit i: ports[i] is the responder's
  std::array<std::uint16_t, 2> low{};         // [0] originator, [1] responder; 0: none
  std::array<std::uint16_t, 2> high{};
  std::array<std::uint8_t, kExact> verbs{};  // per ring slot: index into the verb names
  std::array<std::uint8_t, 2> last_verb{};   // per side, for range matches

  void add(bool by_orig, std::uint16_t port, std::string_view verb);
  // Whether `port` on the originator's (by_orig) or responder's side was announced:
  // exactly, or within the side's range once the ring overflowed.
  bool covers(bool by_orig, std::uint16_t port) const { return !verb_of(by_orig, port).empty(); }
  // The command or reply that announced it ("227"); empty when nothing did.
  std::string_view verb_of(bool by_orig, std::uint16_t port) const;
  bool overflowed() const { return total > kExact; }
  void flip();
};

}  // namespace gp
