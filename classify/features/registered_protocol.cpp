#include "classify/features/registered_protocol.hpp"

#include <array>

#include "classify/features/port_standing.hpp"

namespace gp {
namespace {

struct Registration {
  std::string_view protocol;
  std::string_view service;
};

// IANA service names per identified protocol. TLS stands for the "...s" registrations that
// are TLS from the first byte (RFC 8314 mail, LDAPS, MQTT over TLS); QUIC for HTTP/3 on the
// https/http UDP rows (RFC 9114 section 3.1).
constexpr std::array kRegistrations{
    Registration{"http", "http"},         Registration{"http", "www"},         Registration{"http", "www-http"},
    Registration{"http", "http-alt"},     Registration{"http", "ssdp"},        Registration{"tls", "https"},
    Registration{"tls", "ldaps"},         Registration{"tls", "imaps"},        Registration{"tls", "pop3s"},
    Registration{"tls", "ftps"},          Registration{"tls", "telnets"},      Registration{"tls", "nntps"},
    Registration{"tls", "ircs-u"},        Registration{"tls", "submissions"},  Registration{"tls", "domain-s"},
    Registration{"tls", "secure-mqtt"},   Registration{"tls", "sips"},         Registration{"tls", "pcsync-https"},
    Registration{"tls", "sun-sr-https"},  Registration{"tls", "wsmans"},       Registration{"dtls", "domain-s"},
    Registration{"dtls", "coaps"},        Registration{"ssh", "ssh"},          Registration{"dns", "domain"},
    Registration{"dns", "mdns"},          Registration{"dns", "llmnr"},        Registration{"smtp", "smtp"},
    Registration{"smtp", "submission"},   Registration{"pop3", "pop3"},        Registration{"imap", "imap"},
    Registration{"ftp", "ftp"},           Registration{"socks4", "socks"},     Registration{"socks5", "socks"},
    Registration{"rdp", "ms-wbt-server"}, Registration{"smb", "microsoft-ds"}, Registration{"smb", "netbios-ssn"},
    Registration{"mqtt", "mqtt"},         Registration{"redis", "redis"},      Registration{"postgresql", "postgresql"},
    Registration{"mysql", "mysql"},       Registration{"quic", "https"},       Registration{"quic", "http"},
    Registration{"ntp", "ntp"},           Registration{"syslog", "syslog"},    Registration{"syslog", "syslog-conn"},
    Registration{"sip", "sip"},           Registration{"telnet", "telnet"},    Registration{"irc", "irc"},
    Registration{"irc", "ircd"},          Registration{"irc", "ircu"},         Registration{"openvpn", "openvpn"},
};

}  // namespace

bool protocol_is_registration(std::string_view protocol, std::string_view service) {
  for (const Registration& r : kRegistrations) {
    if (r.protocol == protocol && r.service == service) return true;
  }
  return false;
}

bool protocol_is_registered_on(const registry::PortRegistry* registry, std::string_view protocol, std::uint16_t port,
                               std::uint8_t ip_proto) {
  if (registry == nullptr || protocol == "none" || protocol == "unknown") return false;
  const auto t = registry_transport(ip_proto);
  if (!t || registry->registry_status(port, *t) != registry::RegistryStatus::assigned) return false;
  // Every assigned row of the port counts (3478/udp is stun, turn and stun-behavior).
  for (const registry::FactRef& f : registry->facts(port, *t)) {
    if (f.layer == registry::Layer::iana) {
      const auto& r = registry->iana(f.index);
      if (r.kind == registry::IanaKind::assigned && protocol_is_registration(protocol, r.service)) return true;
    } else if (f.layer == registry::Layer::system_services) {
      if (protocol_is_registration(protocol, registry->system_service(f.index).name)) return true;
    }
  }
  return false;
}

}  // namespace gp
