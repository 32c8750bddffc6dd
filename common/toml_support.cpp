#include "common/toml_support.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <span>

#include "common/name_suggest.hpp"

namespace gp::toml_support {

SourceLocation where(const std::string& file, const toml::source_region& region) {
  return {file, region.begin.line, region.begin.column};
}

std::optional<toml::table> parse(const std::string& file, std::string_view content, Diagnostics& diags) {
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

void check_keys(const std::string& file, const toml::table& table, std::initializer_list<std::string_view> allowed,
                std::string_view context, Diagnostics& diags) {
  for (auto&& [key, value] : table) {
    const std::string_view k = key.str();
    if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
    diags.error(where(file, key.source()),
                fmt::format("unknown key '{}' in {}{}", k, context,
                            did_you_mean(k, std::span<const std::string_view>(allowed.begin(), allowed.size()))));
  }
}

SourceLocation location_of(const std::string& file, const toml::table& table, std::string_view key) {
  if (const toml::node* n = table.get(key)) return where(file, n->source());
  return where(file, table.source());
}

std::optional<std::string> get_string(const std::string& file, const toml::table& table, std::string_view key,
                                      bool required, Diagnostics& diags) {
  const toml::node* n = table.get(key);
  if (!n) {
    if (required) diags.error(where(file, table.source()), fmt::format("missing key '{}'", key));
    return std::nullopt;
  }
  if (const auto* s = n->as_string()) return s->get();
  diags.error(where(file, n->source()), fmt::format("key '{}' must be a string, found {}", key, type_name(*n)));
  return std::nullopt;
}

std::optional<std::vector<std::string>> get_string_array(const std::string& file, const toml::table& table,
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

std::vector<const toml::table*> get_table_array(const std::string& file, const toml::table& table, std::string_view key,
                                                Diagnostics& diags) {
  std::vector<const toml::table*> out;
  const toml::node* n = table.get(key);
  if (!n) return out;
  const auto* arr = n->as_array();
  if (!arr) {
    diags.error(where(file, n->source()),
                fmt::format("'{}' must be an array of tables ([[{}]]), found {}", key, key, type_name(*n)));
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

}  // namespace gp::toml_support
