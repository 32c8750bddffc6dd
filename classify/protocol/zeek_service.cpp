// Zeek's conn.log service names for the protocols identify_protocol() names. Zeek logs an
// analyzer's name once it confirms the protocol; these are the names its analyzers log
// (base/protocols/*, "ssl" for TLS, QUIC forwarding its handshake to the SSL analyzer).
#include "classify/protocol/zeek_service.hpp"

#include "classify/protocol/protocol.hpp"

namespace gp {

std::string_view zeek_service_name(Protocol p) {
  switch (p) {
    case Protocol::http: return "http";
    case Protocol::tls: return "ssl";
    case Protocol::dtls: return "dtls";
    case Protocol::ssh: return "ssh";
    case Protocol::dns: return "dns";
    case Protocol::smtp: return "smtp";
    case Protocol::pop3: return "pop3";
    case Protocol::imap: return "imap";
    case Protocol::ftp: return "ftp";
    case Protocol::socks4:
    case Protocol::socks5: return "socks";
    case Protocol::rdp: return "rdp";
    case Protocol::smb: return "smb";
    case Protocol::mqtt: return "mqtt";
    case Protocol::redis: return "redis";
    case Protocol::postgresql: return "postgresql";
    case Protocol::mysql: return "mysql";
    case Protocol::quic: return "quic,ssl";
    case Protocol::ntp: return "ntp";
    case Protocol::syslog: return "syslog";
    case Protocol::sip: return "sip";
    case Protocol::irc: return "irc";
    // Zeek ships no analyzer that confirms these (telnet is only a port-based login
    // analyzer, OpenVPN a third-party package; a bare shell has no analyzer at all), so
    // its service stays unset.
    case Protocol::telnet:
    case Protocol::openvpn:
    case Protocol::shell:
    case Protocol::none:
    case Protocol::unknown: return {};
  }
  return {};
}

std::string_view zeek_service(const FlowEvidence& evidence, std::uint8_t ip_proto) {
  const ProtocolGuess g = identify_protocol(evidence, ip_proto);
  // Zeek names a service only after its parser accepted the traffic; a weak guess (a bare
  // "220 " banner, a record seen mid-stream) is no such confirmation.
  if (g.confidence != ProtocolConfidence::strong) return {};
  return zeek_service_name(g.protocol);
}

}  // namespace gp
