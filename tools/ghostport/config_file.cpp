#include "tools/ghostport/config_file.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string_view>

#include "classify/registry/data_root.hpp"
#include "common/file_text.hpp"
#include "common/toml_support.hpp"

namespace gp::cli {

namespace fs = std::filesystem;
namespace ts = toml_support;

namespace {

CliConfig& stored() {
  static CliConfig c;
  return c;
}

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? std::string(v) : std::string();
}

std::string find_config_file(const std::string& explicit_file) {
  if (!explicit_file.empty()) return explicit_file;
  if (std::string e = env("GHOSTPORT_CONFIG"); !e.empty()) return e;
  std::error_code ec;
  fs::path user;
  if (std::string xdg = env("XDG_CONFIG_HOME"); !xdg.empty() && fs::path(xdg).is_absolute()) {
    user = fs::path(xdg) / "ghostport" / "ghostport.toml";
  } else if (std::string home = env("HOME"); !home.empty()) {
    user = fs::path(home) / ".config" / "ghostport" / "ghostport.toml";
  }
  if (!user.empty() && fs::is_regular_file(user, ec)) return user.string();
  if (fs::is_regular_file("/etc/ghostport/ghostport.toml", ec)) return "/etc/ghostport/ghostport.toml";
  return "";
}

// Relative paths in the file are relative to the file, as in a Makefile or systemd unit.
std::string resolve(const std::string& file, const std::string& value) {
  if (value.empty() || fs::path(value).is_absolute()) return value;
  return (fs::absolute(file).parent_path() / value).lexically_normal().string();
}

}  // namespace

std::string config_option(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--config" && i + 1 < argc) return argv[i + 1];
    if (a.starts_with("--config=")) return std::string(a.substr(9));
    if (!a.starts_with("-")) break;  // the subcommand: its options are its own
  }
  return "";
}

CliConfig load_config(const std::string& explicit_file, bool& ok) {
  ok = true;
  CliConfig out;
  const std::string file = find_config_file(explicit_file);
  if (file.empty()) return stored() = out;
  std::string why;
  const auto text = read_file_text(file, why);
  if (!text) {
    fmt::print(stderr, "ghostport: error: config file {}: {}\n", file, why);
    ok = false;
    return stored() = out;
  }
  Diagnostics diags;
  const auto table = ts::parse(file, *text, diags);
  registry::DataSettings data;
  data.config_file = file;
  if (table) {
    ts::check_keys(
        file, *table,
        {"data_dir", "registry", "site", "nmap_services", "folklore", "rules_dir", "rules", "analyze", "live"},
        "config file", diags);
    auto str = [&](const toml::table& t, std::string_view key) {
      return resolve(file, ts::get_string(file, t, key, false, diags).value_or(""));
    };
    data.data_dir = str(*table, "data_dir");
    data.registry = str(*table, "registry");
    data.site = str(*table, "site");
    data.nmap_services = str(*table, "nmap_services");
    data.folklore = str(*table, "folklore");
    data.rules_dir = str(*table, "rules_dir");
    for (const auto& r :
         ts::get_string_array(file, *table, "rules", diags, nullptr).value_or(std::vector<std::string>{})) {
      out.rules.push_back(resolve(file, r));
    }
    if (const toml::table* a = (*table)["analyze"].as_table()) {
      ts::check_keys(file, *a, {"format"}, "[analyze]", diags);
      out.analyze_format = ts::get_string(file, *a, "format", false, diags).value_or("");
      static constexpr std::string_view kFormats[] = {"table", "json", "jsonl", "csv"};
      if (!out.analyze_format.empty() &&
          std::find(std::begin(kFormats), std::end(kFormats), out.analyze_format) == std::end(kFormats)) {
        diags.error(ts::location_of(file, *a, "format"),
                    fmt::format("format '{}': use table, json, jsonl or csv", out.analyze_format));
        out.analyze_format.clear();
      }
    }
    if (const toml::table* l = (*table)["live"].as_table()) {
      ts::check_keys(file, *l, {"output_dir"}, "[live]", diags);
      out.live_output_dir = str(*l, "output_dir");
    }
  }
  for (const auto& d : diags.all()) fmt::print(stderr, "{}\n", format(d));
  if (diags.error_count() > 0) {
    fmt::print(stderr, "ghostport: fix the config file {} (or name another with --config)\n", file);
    ok = false;
  }
  out.file = file;
  registry::configure(std::move(data));
  return stored() = out;
}

const CliConfig& cli_config() { return stored(); }

}  // namespace gp::cli
