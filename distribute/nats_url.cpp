#include "distribute/nats_url.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <array>
#include <charconv>

namespace gp::distribute {

std::string NatsUrl::text() const {
  const bool v6 = host.find(':') != std::string::npos;
  return fmt::format("nats://{}{}{}:{}", v6 ? "[" : "", host, v6 ? "]" : "", port);
}

std::optional<NatsUrl> parse_nats_url(std::string_view text, std::string& error) {
  constexpr std::string_view kScheme = "nats://";
  if (!text.starts_with(kScheme)) {
    error = fmt::format("'{}' is not a NATS URL; write nats://HOST:PORT (e.g. nats://127.0.0.1:4222)", text);
    return std::nullopt;
  }
  std::string_view rest = text.substr(kScheme.size());
  if (rest.find_first_of("/@?#") != std::string_view::npos) {
    error = fmt::format("'{}': only nats://HOST[:PORT] is understood (no user, path or options)", text);
    return std::nullopt;
  }
  NatsUrl url;
  std::string_view port_text;
  if (rest.starts_with('[')) {  // [IPv6]:port
    const auto close = rest.find(']');
    if (close == std::string_view::npos) {
      error = fmt::format("'{}': an IPv6 address needs its closing ']'", text);
      return std::nullopt;
    }
    url.host = std::string(rest.substr(1, close - 1));
    rest = rest.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(':')) {
      error = fmt::format("'{}': expected ':PORT' after the address", text);
      return std::nullopt;
    }
    if (!rest.empty()) port_text = rest.substr(1);
  } else {
    const auto colon = rest.rfind(':');
    url.host = std::string(rest.substr(0, colon));
    if (colon != std::string_view::npos) port_text = rest.substr(colon + 1);
  }
  if (url.host.empty()) {
    error = fmt::format("'{}' names no host; write nats://HOST:PORT", text);
    return std::nullopt;
  }
  if (!port_text.empty() || rest.ends_with(':')) {
    unsigned port = 0;
    const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc{} || end != port_text.data() + port_text.size() || port == 0 || port > 65535) {
      error = fmt::format("'{}': the port must be a number from 1 to 65535", text);
      return std::nullopt;
    }
    url.port = static_cast<std::uint16_t>(port);
  }
  return url;
}

namespace {
bool subject_safe(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}
}  // namespace

std::string check_sensor_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return "a sensor name has 1 to 64 characters";
  for (const char c : name) {
    if (!subject_safe(c)) {
      return fmt::format("sensor name '{}' has '{}': use letters, digits, '_' and '-' (it is a NATS subject token)",
                         name, c);
    }
  }
  return {};
}

std::string default_sensor_name() {
  std::array<char, 256> host{};
  std::string name = gethostname(host.data(), host.size() - 1) == 0 ? std::string(host.data()) : std::string();
  name = name.substr(0, name.find('.'));
  for (char& c : name) {
    if (!subject_safe(c)) c = '-';
  }
  if (name.size() > 64) name.resize(64);
  return name.empty() ? std::string("sensor") : name;
}

}  // namespace gp::distribute
