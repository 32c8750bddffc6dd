// Where each protocol is expected: the IANA registration, plus the ports a protocol is
// commonly deployed on (8080 for HTTP, 2222 for SSH) so that those do not read as odd. A
// protocol found anywhere else is the "well-known protocol on an odd port" evidence.
#include <array>

#include "classify/protocol/protocol.hpp"

namespace gp {
namespace {

enum : std::uint8_t { kT = 1, kU = 2, kTU = 3 };  // transports the entry holds for

struct PortUse {
  Protocol protocol;
  std::uint16_t first;
  std::uint16_t last;
  std::uint8_t transports;
};

constexpr std::array kPorts{
    PortUse{Protocol::http, 80, 80, kT},
    PortUse{Protocol::http, 81, 81, kT},
    PortUse{Protocol::http, 591, 591, kT},
    PortUse{Protocol::http, 3128, 3128, kT},  // Squid
    PortUse{Protocol::http, 8000, 8000, kT},
    PortUse{Protocol::http, 8008, 8008, kT},
    PortUse{Protocol::http, 8080, 8081, kT},
    PortUse{Protocol::http, 8888, 8888, kT},
    PortUse{Protocol::http, 1900, 1900, kU},  // SSDP is HTTP over UDP (UPnP)
    // TLS: HTTPS and the implicit-TLS variants of other services (RFC 8314 for mail).
    PortUse{Protocol::tls, 443, 443, kT},
    PortUse{Protocol::tls, 8443, 8443, kT},
    PortUse{Protocol::tls, 465, 465, kT},
    PortUse{Protocol::tls, 563, 563, kT},
    PortUse{Protocol::tls, 636, 636, kT},
    PortUse{Protocol::tls, 853, 853, kT},
    PortUse{Protocol::tls, 989, 990, kT},
    PortUse{Protocol::tls, 992, 995, kT},
    PortUse{Protocol::tls, 3389, 3389, kT},  // RDP switches to TLS after X.224
    PortUse{Protocol::tls, 5061, 5061, kT},
    PortUse{Protocol::tls, 5223, 5223, kT},
    PortUse{Protocol::tls, 5986, 5986, kT},
    PortUse{Protocol::tls, 6697, 6697, kT},
    PortUse{Protocol::tls, 8883, 8883, kT},
    PortUse{Protocol::tls, 9443, 9443, kT},
    PortUse{Protocol::dtls, 443, 443, kU},
    PortUse{Protocol::dtls, 853, 853, kU},
    PortUse{Protocol::dtls, 3391, 3391, kU},
    PortUse{Protocol::dtls, 4433, 4433, kU},
    PortUse{Protocol::dtls, 5061, 5061, kU},
    PortUse{Protocol::dtls, 5349, 5349, kU},
    PortUse{Protocol::dtls, 5684, 5684, kU},
    PortUse{Protocol::ssh, 22, 22, kT},
    PortUse{Protocol::ssh, 2222, 2222, kT},
    PortUse{Protocol::dns, 53, 53, kTU},
    PortUse{Protocol::dns, 5353, 5353, kU},   // mDNS
    PortUse{Protocol::dns, 5355, 5355, kTU},  // LLMNR
    PortUse{Protocol::smtp, 25, 25, kT},
    PortUse{Protocol::smtp, 465, 465, kT},
    PortUse{Protocol::smtp, 587, 587, kT},
    PortUse{Protocol::smtp, 2525, 2525, kT},
    PortUse{Protocol::pop3, 110, 110, kT},
    PortUse{Protocol::imap, 143, 143, kT},
    PortUse{Protocol::ftp, 21, 21, kT},
    PortUse{Protocol::ftp, 2121, 2121, kT},
    PortUse{Protocol::socks4, 1080, 1080, kT},
    PortUse{Protocol::socks4, 9050, 9050, kT},
    PortUse{Protocol::socks5, 1080, 1080, kTU},
    PortUse{Protocol::socks5, 9050, 9050, kT},  // Tor
    PortUse{Protocol::socks5, 9150, 9150, kT},
    PortUse{Protocol::rdp, 3389, 3389, kT},
    PortUse{Protocol::smb, 139, 139, kT},
    PortUse{Protocol::smb, 445, 445, kT},
    PortUse{Protocol::mqtt, 1883, 1883, kT},
    PortUse{Protocol::redis, 6379, 6379, kT},
    PortUse{Protocol::postgresql, 5432, 5432, kT},
    PortUse{Protocol::mysql, 3306, 3306, kT},
    PortUse{Protocol::quic, 443, 443, kU},
    PortUse{Protocol::quic, 80, 80, kU},
    PortUse{Protocol::quic, 8443, 8443, kU},
    PortUse{Protocol::ntp, 123, 123, kU},
    PortUse{Protocol::syslog, 514, 514, kTU},
    PortUse{Protocol::syslog, 601, 601, kT},  // RFC 3195/6587
    PortUse{Protocol::sip, 5060, 5060, kTU},
    PortUse{Protocol::telnet, 23, 23, kT},
    PortUse{Protocol::telnet, 2323, 2323, kT},
    PortUse{Protocol::irc, 194, 194, kT},
    PortUse{Protocol::irc, 6660, 6669, kT},
    PortUse{Protocol::irc, 7000, 7000, kT},
    PortUse{Protocol::openvpn, 1194, 1194, kTU},
};

}  // namespace

bool protocol_standard_port(Protocol p, std::uint16_t port, std::uint8_t ip_proto) {
  const std::uint8_t transport = ip_proto == 6 ? kT : ip_proto == 17 ? kU : 0;
  if (transport == 0) return false;
  for (const PortUse& use : kPorts) {
    if (use.protocol == p && port >= use.first && port <= use.last && (use.transports & transport) != 0) return true;
  }
  return false;
}

}  // namespace gp
