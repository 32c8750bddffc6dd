// QUIC long header (RFC 9000 §17.2; RFC 8999 invariants): header-form and fixed bits set, a
// known version, connection-id lengths within the v1 limit of 20. A client's first Initial
// is padded to at least 1200 bytes (RFC 9000 §14.1), which random UDP seldom is.
#include "classify/protocol/detectors.hpp"

namespace gp::protocol_detail {
namespace {

constexpr std::size_t kMinInitialDatagram = 1200;

// Names the version for the detail; false when it is not a QUIC version we know.
bool quic_version(std::uint32_t v, ProtocolGuess& g) {
  if (v == 0x00000001U) {
    g.detail.append("v1");
  } else if (v == 0x6b3343cfU) {
    g.detail.append("v2");  // RFC 9369
  } else if ((v & 0xffffff00U) == 0xff000000U && (v & 0xffU) >= 1 && (v & 0xffU) <= 34) {
    g.detail.append("draft-");
    const auto n = static_cast<std::uint8_t>(v & 0xffU);
    const std::array<char, 2> d{static_cast<char>('0' + n / 10), static_cast<char>('0' + n % 10)};
    g.detail.append(std::string_view(d.data(), d.size()));
  } else if ((v & 0xfffffff0U) == 0xfaceb000U) {
    g.detail.append("mvfst");
  } else if (((v >> 24U) == 'Q' || (v >> 24U) == 'T') && ((v >> 16U) & 0xffU) == '0' &&
             is_digit(static_cast<std::uint8_t>((v >> 8U) & 0xffU)) && is_digit(static_cast<std::uint8_t>(v & 0xffU))) {
    // Google QUIC Q046+ / T0xx, which use the IETF long header.
    const std::array<char, 4> d{static_cast<char>(v >> 24U), '0', static_cast<char>((v >> 8U) & 0xffU),
                                static_cast<char>(v & 0xffU)};
    g.detail.append(std::string_view(d.data(), d.size()));
  } else {
    return false;
  }
  return true;
}

bool long_header(const Payload& p, bool from_server, ProtocolGuess& g) {
  if (!p.has(7) || (p[0] & 0xc0U) != 0xc0U) return false;
  const std::uint32_t version = p.be32(1);
  ProtocolGuess tmp;
  if (!quic_version(version, tmp)) return false;
  const std::uint8_t dcid_len = p[5];
  if (dcid_len > 20) return false;
  const std::size_t scid_at = 6U + dcid_len;
  if (p.has(scid_at + 1) && p[scid_at] > 20) return false;
  const auto type = static_cast<std::uint8_t>((p[0] >> 4U) & 3U);
  const bool initial = version == 0x6b3343cfU ? type == 1 : type == 0;
  const bool padded = p.wire_length >= kMinInitialDatagram;
  const auto conf = (from_server || (initial && padded)) ? ProtocolConfidence::strong : ProtocolConfidence::weak;
  set_guess(g, Protocol::quic, conf, from_server, "version");
  g.detail = tmp.detail;
  return true;
}

}  // namespace

bool detect_quic(const FlowPayloads& f, ProtocolGuess& out) {
  if (!f.udp()) return false;
  ProtocolGuess client;
  if (long_header(f.client, false, client) && client.confidence == ProtocolConfidence::strong) {
    out = client;
    return true;
  }
  ProtocolGuess server;
  if (long_header(f.server, true, server)) {
    // A server's long header answering a client's: the client side, seen or not, was QUIC.
    out = server;
    return true;
  }
  if (client.protocol == Protocol::quic) {
    out = client;
    return true;
  }
  return false;
}

}  // namespace gp::protocol_detail
