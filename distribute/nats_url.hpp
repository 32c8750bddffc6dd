// Where a NATS server is (nats://HOST[:PORT]) and what a sensor is called on its subjects.
// Both come from the command line, so both are checked here with errors that say what to type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gp::distribute {

struct NatsUrl {
  std::string host;
  std::uint16_t port = 4222;  // NATS's registered client port
  std::string text() const;   // nats://host:port
};

// "nats://HOST[:PORT]" (also tls:// is refused: not built in). On error, `error` says why.
std::optional<NatsUrl> parse_nats_url(std::string_view text, std::string& error);

// A sensor name is one subject token: 1-64 of [A-Za-z0-9_-]. "" when valid, else why not.
std::string check_sensor_name(std::string_view name);
// This host's name made into a valid sensor name (first label, other characters as '-').
std::string default_sensor_name();

}  // namespace gp::distribute
