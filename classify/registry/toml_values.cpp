#include "classify/registry/toml_values.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "common/toml_support.hpp"

namespace gp::registry {

std::optional<PortRange> get_ports(const std::string& file, const toml::table& table, Diagnostics& diags) {
  const toml::node* n = table.get("port");
  if (!n) {
    diags.error(toml_support::where(file, table.source()), "missing key 'port'");
    return std::nullopt;
  }
  std::string why;
  if (const auto* i = n->as_integer()) {
    const std::int64_t v = i->get();
    if (v < 0 || v > 65535) {
      diags.error(toml_support::where(file, n->source()), fmt::format("port {} out of range 0-65535", v));
      return std::nullopt;
    }
    return PortRange{static_cast<std::uint16_t>(v), static_cast<std::uint16_t>(v)};
  }
  if (const auto* s = n->as_string()) {
    if (auto r = parse_port_range(s->get(), why)) return r;
    diags.error(toml_support::where(file, n->source()), why);
    return std::nullopt;
  }
  diags.error(
      toml_support::where(file, n->source()),
      fmt::format("key 'port' must be an integer or a \"first-last\" string, found {}", toml_support::type_name(*n)));
  return std::nullopt;
}

std::optional<TransportSet> get_transports(const std::string& file, const toml::table& table, Diagnostics& diags) {
  const toml::node* n = table.get("transport");
  if (!n) return TransportSet::tcp_udp();
  const auto text = toml_support::get_string(file, table, "transport", false, diags);
  if (!text) return std::nullopt;
  if (auto set = parse_transport_set(*text)) return set;
  diags.error(toml_support::where(file, n->source()),
              fmt::format("unknown transport '{}' (expected tcp, udp, sctp, dccp or a "
                          "'/'-separated set such as \"tcp/udp\")",
                          *text));
  return std::nullopt;
}

std::optional<std::string> get_date(const std::string& file, const toml::table& table, std::string_view key,
                                    bool required, Diagnostics& diags) {
  const toml::node* n = table.get(key);
  if (!n) {
    if (required) diags.error(toml_support::where(file, table.source()), fmt::format("missing key '{}'", key));
    return std::nullopt;
  }
  if (const auto* d = n->as_date()) {
    const toml::date v = d->get();
    return fmt::format("{:04}-{:02}-{:02}", v.year, v.month, v.day);
  }
  if (const auto* s = n->as_string()) {
    const std::string& v = s->get();
    const bool year_only =
        v.size() == 4 && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (year_only || is_valid_registry_date(v)) return v;
    diags.error(toml_support::where(file, n->source()),
                fmt::format("invalid date '{}' in '{}' (expected YYYY, YYYY-MM or YYYY-MM-DD)", v, key));
    return std::nullopt;
  }
  diags.error(toml_support::where(file, n->source()),
              fmt::format("key '{}' must be a date or a string, found {}", key, toml_support::type_name(*n)));
  return std::nullopt;
}

}  // namespace gp::registry
