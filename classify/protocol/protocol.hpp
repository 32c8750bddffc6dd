// Protocol identification from the first payload bytes each way — by structure, never by
// port, so that "a well-known protocol spoken on an orphaned port" can be evidence.
//
// Contract: pure functions. No heap, no exceptions, no regex; every loop is bounded by the
// bytes given. Inputs are usually the 64-byte samples a flow keeps (capture/flow/
// flow_evidence.hpp), so a message may be cut anywhere: detectors accept a structure as far
// as the sample shows it and extract details (TLS SNI, HTTP Host, ...) only when present.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "capture/flow/flow_evidence.hpp"

namespace gp {

// The names are the feature vocabulary of classify/features/feature_catalog.cpp
// (kProtocols), in the same order; a test keeps the two equal.
enum class Protocol : std::uint8_t {
  none,     // no payload either way
  unknown,  // payload that matches nothing below
  http,
  tls,
  dtls,
  ssh,
  dns,
  smtp,
  pop3,
  imap,
  ftp,
  socks4,
  socks5,
  rdp,
  smb,
  mqtt,
  redis,
  postgresql,
  mysql,
  quic,
  ntp,
  syslog,
  sip,
  telnet,
  irc,
  openvpn,
  shell,  // a shell driven over a bare connection (reverse or bind shell): commands and their output
};
inline constexpr std::size_t kProtocolCount = 27;

std::string_view to_string(Protocol p);
std::optional<Protocol> parse_protocol(std::string_view name);
std::span<const std::string_view> protocol_names();

// strong: the structure leaves little doubt (a full TLS ClientHello header, "SSH-2.0-").
// weak: consistent but short or ambiguous (a bare "220 " banner, a TLS record mid-stream).
enum class ProtocolConfidence : std::uint8_t { none, weak, strong };
std::string_view to_string(ProtocolConfidence c);

// A short printable detail kept in place: bytes outside printable ASCII become '.', so the
// text is safe in TSV/JSON reports; longer text is cut.
class DetailText {
 public:
  static constexpr std::size_t kCapacity = 96;
  void clear() { size_ = 0; }
  void append(std::string_view text);
  void append(std::span<const std::uint8_t> bytes);
  std::string_view view() const { return {text_.data(), size_}; }
  bool empty() const { return size_ == 0; }

 private:
  std::array<char, kCapacity> text_{};
  std::uint8_t size_ = 0;
};

struct ProtocolGuess {
  Protocol protocol = Protocol::none;
  ProtocolConfidence confidence = ProtocolConfidence::none;
  // What `detail` holds: "sni", "request" (HTTP/SIP method + Host or target), "status",
  // "software" (SSH), "banner", "query" (DNS name), "version", "user", "cookie" (RDP),
  // "command", "nick" (IRC), "client_id" (MQTT), "dialect" (SMB); empty when none.
  std::string_view detail_kind;
  DetailText detail;
  bool from_server = false;  // the deciding bytes were the responder's
};

// `ip_proto` is the IP protocol number (6 TCP, 17 UDP); some structures exist only on one
// transport (NTP, QUIC, DTLS on UDP; the DNS/OpenVPN 2-byte length prefix on TCP). The spans
// are taken as whole first messages; use the FlowEvidence overload when the samples may be
// cut, so that length fields are checked against the wire lengths.
ProtocolGuess identify_protocol(std::span<const std::uint8_t> client_first, std::span<const std::uint8_t> server_first,
                                std::uint8_t ip_proto);
ProtocolGuess identify_protocol(const FlowEvidence& evidence, std::uint8_t ip_proto);

// Whether `p` is what `port` is registered for or commonly used for on that transport
// (80/8080/3128 http, 443/8443 tls, 22 ssh, 53 dns, 25/587/465 smtp, ...). "none" and
// "unknown" are on no port.
bool protocol_standard_port(Protocol p, std::uint16_t port, std::uint8_t ip_proto);

// Zeek's name for `p` in conn.log's service field: "ssl" for TLS, "socks" for both SOCKS
// versions, "quic,ssl" for QUIC (comma-joined as Zeek logs a set); empty where Zeek has no
// analyzer that confirms the protocol (telnet, openvpn, none, unknown).
std::string_view zeek_service_name(Protocol p);

}  // namespace gp
