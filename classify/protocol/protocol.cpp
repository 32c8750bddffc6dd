#include "classify/protocol/protocol.hpp"

namespace gp {
namespace {

// Same order as the enum; feature_catalog.cpp's kProtocols is the vocabulary.
constexpr std::array<std::string_view, kProtocolCount> kNames{
    "none",  "unknown", "http",   "tls",    "dtls", "ssh",    "dns",  "smtp",    "pop3",
    "imap",  "ftp",     "socks4", "socks5", "rdp",  "smb",    "mqtt", "redis",   "postgresql",
    "mysql", "quic",    "ntp",    "syslog", "sip",  "telnet", "irc",  "openvpn", "shell"};
static_assert(static_cast<std::size_t>(Protocol::shell) + 1 == kProtocolCount);

}  // namespace

std::string_view to_string(Protocol p) {
  const auto i = static_cast<std::size_t>(p);
  return i < kNames.size() ? kNames[i] : std::string_view("unknown");
}

std::optional<Protocol> parse_protocol(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<Protocol>(i);
  }
  return std::nullopt;
}

std::span<const std::string_view> protocol_names() { return kNames; }

std::string_view to_string(ProtocolConfidence c) {
  switch (c) {
    case ProtocolConfidence::none: return "none";
    case ProtocolConfidence::weak: return "weak";
    case ProtocolConfidence::strong: return "strong";
  }
  return "none";
}

void DetailText::append(std::string_view text) {
  for (const char c : text) {
    if (size_ >= kCapacity) return;
    const auto u = static_cast<unsigned char>(c);
    text_[size_++] = (u >= 0x20 && u < 0x7f) ? c : '.';
  }
}

void DetailText::append(std::span<const std::uint8_t> bytes) {
  for (const std::uint8_t b : bytes) {
    if (size_ >= kCapacity) return;
    text_[size_++] = (b >= 0x20 && b < 0x7f) ? static_cast<char>(b) : '.';
  }
}

}  // namespace gp
