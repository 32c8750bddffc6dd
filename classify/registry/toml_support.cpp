#include "classify/registry/toml_support.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace gp::registry::toml_support {

SourceLocation where(const std::string& file, const toml::source_region& region) {
  return {file, region.begin.line, region.begin.column};
}

std::optional<toml::table> parse(const std::string& file, std::string_view content,
                                 Diagnostics& diags) {
  try {
    return toml::parse(content, file);
  } catch (const toml::parse_error& e) {
    diags.error(where(file, e.source()), std::string(e.description()));
    return std::nullopt;
  }
}

std::string_view type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table: return "table";
    case toml::node_type::array: return "array";
    case toml::node_type::string: return "string";
    case toml::node_type::integer: return "integer";
    case toml::node_type::floating_point: return "float";
    case toml::node_type::boolean: return "boolean";
    case toml::node_type::date: return "date";
    case toml::node_type::time: return "time";
    case toml::node_type::date_time: return "date-time";
    case toml::node_type::none: return "nothing";
  }
  return "?";
}

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0U : 1U)});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace

void check_keys(const std::string& file, const toml::table& table,
                std::initializer_list<std::string_view> allowed, std::string_view context,
                Diagnostics& diags) {
  for (auto&& [key, value] : table) {
    const std::string_view k = key.str();
    if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
    std::string hint;
    for (const auto candidate : allowed) {
      if (edit_distance(k, candidate) <= 2) {
        hint = fmt::format(" (did you mean '{}'?)", candidate);
        break;
      }
    }
    diags.error(where(file, key.source()),
                fmt::format("unknown key '{}' in {}{}", k, context, hint));
  }
}

SourceLocation location_of(const std::string& file, const toml::table& table, std::string_view key) {
  if (const toml::node* n = table.get(key)) return where(file, n->source());
  return where(file, table.source());
}

std::optional<std::string> get_string(const std::string& file, const toml::table& table,
                                      std::string_view key, bool required, Diagnostics& diags) {
  const toml::node* n = table.get(key);
  if (!n) {
    if (required) diags.error(where(file, table.source()), fmt::format("missing key '{}'", key));
    return std::nullopt;
  }
  if (const auto* s = n->as_string()) return s->get();
  diags.error(where(file, n->source()),
              fmt::format("key '{}' must be a string, found {}", key, type_name(*n)));
  return std::nullopt;
}

std::optional<std::vector<std::string>> get_string_array(const std::string& file,
                                                         const toml::table& table,
                                                         std::string_view key, Diagnostics& diags,
                                                         std::vector<SourceLocation>* locations) {
  const toml::node* n = table.get(key);
  if (!n) return std::nullopt;
  const auto* arr = n->as_array();
  if (!arr) {
    diags.error(where(file, n->source()),
                fmt::format("key '{}' must be an array of strings, found {}", key, type_name(*n)));
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  for (const toml::node& el : *arr) {
    if (const auto* s = el.as_string()) {
      out.push_back(s->get());
      if (locations) locations->push_back(where(file, el.source()));
    } else {
      diags.error(where(file, el.source()),
                  fmt::format("elements of '{}' must be strings, found {}", key, type_name(el)));
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<PortRange> get_ports(const std::string& file, const toml::table& table,
                                   Diagnostics& diags) {
  const toml::node* n = table.get("port");
  if (!n) {
    diags.error(where(file, table.source()), "missing key 'port'");
    return std::nullopt;
  }
  std::string why;
  if (const auto* i = n->as_integer()) {
    const std::int64_t v = i->get();
    if (v < 0 || v > 65535) {
      diags.error(where(file, n->source()), fmt::format("port {} out of range 0-65535", v));
      return std::nullopt;
    }
    return PortRange{static_cast<std::uint16_t>(v), static_cast<std::uint16_t>(v)};
  }
  if (const auto* s = n->as_string()) {
    if (auto r = parse_port_range(s->get(), why)) return r;
    diags.error(where(file, n->source()), why);
    return std::nullopt;
  }
  diags.error(where(file, n->source()),
              fmt::format("key 'port' must be an integer or a \"first-last\" string, found {}",
                          type_name(*n)));
  return std::nullopt;
}

std::optional<TransportSet> get_transports(const std::string& file, const toml::table& table,
                                           Diagnostics& diags) {
  const toml::node* n = table.get("transport");
  if (!n) return TransportSet::tcp_udp();
  const auto text = get_string(file, table, "transport", false, diags);
  if (!text) return std::nullopt;
  if (auto set = parse_transport_set(*text)) return set;
  diags.error(where(file, n->source()),
              fmt::format("unknown transport '{}' (expected tcp, udp, sctp, dccp or a "
                          "'/'-separated set such as \"tcp/udp\")", *text));
  return std::nullopt;
}

std::optional<std::string> get_date(const std::string& file, const toml::table& table,
                                    std::string_view key, bool required, Diagnostics& diags) {
  const toml::node* n = table.get(key);
  if (!n) {
    if (required) diags.error(where(file, table.source()), fmt::format("missing key '{}'", key));
    return std::nullopt;
  }
  if (const auto* d = n->as_date()) {
    const toml::date v = d->get();
    return fmt::format("{:04}-{:02}-{:02}", v.year, v.month, v.day);
  }
  if (const auto* s = n->as_string()) {
    const std::string& v = s->get();
    const bool year_only = v.size() == 4 && std::all_of(v.begin(), v.end(), [](char c) {
                             return c >= '0' && c <= '9';
                           });
    if (year_only || is_valid_registry_date(v)) return v;
    diags.error(where(file, n->source()),
                fmt::format("invalid date '{}' in '{}' (expected YYYY, YYYY-MM or YYYY-MM-DD)", v, key));
    return std::nullopt;
  }
  diags.error(where(file, n->source()),
              fmt::format("key '{}' must be a date or a string, found {}", key, type_name(*n)));
  return std::nullopt;
}

std::vector<const toml::table*> get_table_array(const std::string& file, const toml::table& table,
                                                std::string_view key, Diagnostics& diags) {
  std::vector<const toml::table*> out;
  const toml::node* n = table.get(key);
  if (!n) return out;
  const auto* arr = n->as_array();
  if (!arr) {
    diags.error(where(file, n->source()),
                fmt::format("'{}' must be an array of tables ([[{}]]), found {}", key, key,
                            type_name(*n)));
    return out;
  }
  for (const toml::node& el : *arr) {
    if (const auto* t = el.as_table()) {
      out.push_back(t);
    } else {
      diags.error(where(file, el.source()),
                  fmt::format("elements of '{}' must be tables, found {}", key, type_name(el)));
    }
  }
  return out;
}

}  // namespace gp::registry::toml_support
