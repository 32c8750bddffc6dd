#include "classify/scan/scan_config.hpp"

#include <fmt/core.h>

#include <toml++/toml.h>

#include <string_view>

#include "common/file_text.hpp"

namespace gp::scan {
namespace {

std::string where(const std::string& path, const toml::source_region& r) {
  return fmt::format("{}:{}:{}", path, r.begin.line, r.begin.column);
}

template <typename T>
bool read_uint(const toml::node& n, T& out, std::uint64_t max) {
  const auto v = n.value<std::int64_t>();
  if (!v || *v < 0 || static_cast<std::uint64_t>(*v) > max) return false;
  out = static_cast<T>(*v);
  return true;
}

}  // namespace

std::string load_scan_config(const std::string& path, ScanConfig& c) {
  std::string why;
  const auto text = read_file_text(path, why);
  if (!text) return fmt::format("{}: error: cannot read scan config: {}", path, why);
  toml::table root;
  try {
    root = toml::parse(*text, path);
  } catch (const toml::parse_error& e) {
    return fmt::format("{}: error: {}", where(path, e.source()), e.description());
  }
  const toml::table* scan = root["scan"].as_table();
  if (scan == nullptr) return "";
  for (const auto& [key, node] : *scan) {
    const std::string_view k = key.str();
    bool ok = true;
    if (k == "ports_threshold") ok = read_uint(node, c.ports_threshold, 65535);
    else if (k == "hosts_threshold") ok = read_uint(node, c.hosts_threshold, 1U << 30);
    else if (k == "crafted_probes_threshold") ok = read_uint(node, c.crafted_probes_threshold, 1U << 30);
    else if (k == "crafted_min_pairs") ok = read_uint(node, c.crafted_min_pairs, 1U << 30);
    else if (k == "backscatter_hosts_threshold") ok = read_uint(node, c.backscatter_hosts_threshold, 1U << 30);
    else if (k == "v4_prefix") ok = read_uint(node, c.v4_prefix, 32);
    else if (k == "v6_prefix") ok = read_uint(node, c.v6_prefix, 128);
    else if (k == "max_sources") ok = read_uint(node, c.max_sources, 1U << 30);
    else if (k == "exact_limit") ok = read_uint(node, c.exact_limit, 1U << 16);
    else if (k == "port_bitmaps") ok = read_uint(node, c.port_bitmaps, 1U << 20);
    else if (k == "hll_precision") ok = read_uint(node, c.hll_precision, 16) && c.hll_precision >= 4;
    else if (k == "max_open_services") ok = read_uint(node, c.max_open_services, 65536 * 2);
    else if (k == "port_top_sources") ok = read_uint(node, c.port_top_sources, 1024);
    else if (k == "max_ports_tracked") ok = read_uint(node, c.max_ports_tracked, 1U << 20);
    else if (k == "timeline_buckets") ok = read_uint(node, c.timeline_buckets, 4096) && c.timeline_buckets >= 2;
    else if (k == "max_episodes") ok = read_uint(node, c.max_episodes, 1U << 24);
    else if (k == "window_s" || k == "episode_quiet_s" || k == "episode_update_s") {
      const auto v = node.value<double>();
      ok = v && *v > 0;
      if (ok) (k == "window_s" ? c.window_s : k == "episode_quiet_s" ? c.episode_quiet_s : c.episode_update_s) = *v;
    } else {
      return fmt::format("{}: error: unknown key '{}' in [scan]", where(path, node.source()), k);
    }
    if (!ok) return fmt::format("{}: error: bad value for '{}' in [scan]", where(path, node.source()), k);
  }
  return "";
}

}  // namespace gp::scan
