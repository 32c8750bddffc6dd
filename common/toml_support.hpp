// Shared checks for ghostport's TOML inputs (rules, folklore, site, scanner lists, config):
// every error points at the key or value with toml++'s source_region, like a compiler, and
// all are collected.
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostics.hpp"

namespace gp::toml_support {

SourceLocation where(const std::string& file, const toml::source_region& region);

// Parses `content`; a syntax error becomes one diagnostic and nullopt.
std::optional<toml::table> parse(const std::string& file, std::string_view content, Diagnostics& diags);

std::string_view type_name(const toml::node& node);

// Reports each key of `table` not in `allowed` ("did you mean …?" when one is close).
void check_keys(const std::string& file, const toml::table& table, std::initializer_list<std::string_view> allowed,
                std::string_view context, Diagnostics& diags);

// Typed getters: absent → nullopt (an error when `required`), wrong type → error + nullopt.
std::optional<std::string> get_string(const std::string& file, const toml::table& table, std::string_view key,
                                      bool required, Diagnostics& diags);
std::optional<std::vector<std::string>> get_string_array(const std::string& file, const toml::table& table,
                                                         std::string_view key, Diagnostics& diags,
                                                         std::vector<SourceLocation>* locations);

// Location of `key`'s value in `table` (or of the table itself when the key is absent).
SourceLocation location_of(const std::string& file, const toml::table& table, std::string_view key);

// Each element of `key` (an array of tables); non-table elements are reported.
std::vector<const toml::table*> get_table_array(const std::string& file, const toml::table& table, std::string_view key,
                                                Diagnostics& diags);

}  // namespace gp::toml_support
