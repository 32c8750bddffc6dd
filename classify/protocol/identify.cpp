// The one table of detectors. Order matters only between equally confident matches: the
// first strong match wins, else the first weak one. Structures that are hard to hit by
// chance (TLS and QUIC headers, text banners) come before loose binary ones (DNS, NTP).
// DNS comes before OpenVPN: a weak DNS match has parsed a whole header and question, a weak
// OpenVPN one only an opcode byte (a DNS ID of 0x10.. or 0x40.. is a "hard reset").
#include <algorithm>
#include <array>

#include "classify/protocol/detectors.hpp"

namespace gp {
namespace {

using namespace protocol_detail;

constexpr std::array<Detector, 22> kDetectors{
    detect_tls,    detect_dtls,   detect_quic, detect_ssh,     detect_http,       detect_sip,
    detect_rdp,    detect_smb,    detect_mqtt, detect_mysql,   detect_postgresql, detect_redis,
    detect_socks5, detect_socks4, detect_dns,  detect_openvpn, detect_irc,        detect_mail_ftp,
    detect_telnet, detect_syslog, detect_ntp,  detect_shell,
};

ProtocolGuess identify(const FlowPayloads& f) {
  ProtocolGuess best;
  if (f.client.empty() && f.server.empty()) return best;  // Protocol::none
  bool have_weak = false;
  for (const Detector detect : kDetectors) {
    ProtocolGuess g;
    if (!detect(f, g)) continue;
    if (g.confidence == ProtocolConfidence::strong) return g;
    if (!have_weak) {
      best = g;
      have_weak = true;
    }
  }
  if (!have_weak) {
    best.protocol = Protocol::unknown;
    best.confidence = ProtocolConfidence::none;
  }
  return best;
}

}  // namespace

ProtocolGuess identify_protocol(std::span<const std::uint8_t> client_first, std::span<const std::uint8_t> server_first,
                                std::uint8_t ip_proto) {
  return identify({{client_first, client_first.size()}, {server_first, server_first.size()}, ip_proto});
}

ProtocolGuess identify_protocol(const FlowEvidence& evidence, std::uint8_t ip_proto) {
  const PayloadSample& c = evidence.first_payload[0];
  const PayloadSample& s = evidence.first_payload[1];
  // A sample with no captured bytes (snaplen) still says nothing about the structure.
  const auto wire = [](const PayloadSample& p) {
    return p.size == 0 ? std::size_t{0} : std::max<std::size_t>(p.length, p.size);
  };
  ProtocolGuess g = identify({{c.view(), wire(c)}, {s.view(), wire(s)}, ip_proto});
  // Payload was sent but none of it captured (snaplen): there was payload, of no known kind.
  if (g.protocol == Protocol::none && (!c.empty() || !s.empty())) g.protocol = Protocol::unknown;
  return g;
}

}  // namespace gp
