#include "classify/scan/scan_config.hpp"

#include <fmt/core.h>

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "common/distinct_counter.hpp"
#include "common/file_text.hpp"
#include "common/name_suggest.hpp"
#include "common/toml_support.hpp"

namespace gp::scan {
namespace {

template <typename T>
bool read_uint(const toml::node& n, T& out, std::uint64_t min, std::uint64_t max) {
  const auto v = n.value<std::int64_t>();
  if (!v || *v < 0 || static_cast<std::uint64_t>(*v) < min || static_cast<std::uint64_t>(*v) > max) return false;
  out = static_cast<T>(*v);
  return true;
}

struct UintKey {
  std::string_view name;
  std::variant<std::uint32_t ScanConfig::*, std::uint8_t ScanConfig::*> member;
  std::uint64_t min, max;
};
constexpr std::array kUintKeys{
    UintKey{"ports_threshold", &ScanConfig::ports_threshold, 0, 65535},
    UintKey{"hosts_threshold", &ScanConfig::hosts_threshold, 0, 1U << 30},
    UintKey{"crafted_probes_threshold", &ScanConfig::crafted_probes_threshold, 0, 1U << 30},
    UintKey{"crafted_min_pairs", &ScanConfig::crafted_min_pairs, 0, 1U << 30},
    UintKey{"backscatter_hosts_threshold", &ScanConfig::backscatter_hosts_threshold, 0, 1U << 30},
    UintKey{"v4_prefix", &ScanConfig::v4_prefix, 0, 32},
    UintKey{"v6_prefix", &ScanConfig::v6_prefix, 0, 128},
    UintKey{"max_sources", &ScanConfig::max_sources, 0, 1U << 30},
    UintKey{"exact_limit", &ScanConfig::exact_limit, 0, DistinctCounter::kMaxExactLimit},
    UintKey{"port_bitmaps", &ScanConfig::port_bitmaps, 0, 1U << 20},
    UintKey{"hll_precision", &ScanConfig::hll_precision, 4, 16},
    UintKey{"max_open_services", &ScanConfig::max_open_services, 0, 65536 * 2},
    UintKey{"port_top_sources", &ScanConfig::port_top_sources, 0, 1024},
    UintKey{"max_ports_tracked", &ScanConfig::max_ports_tracked, 0, 1U << 20},
    UintKey{"timeline_buckets", &ScanConfig::timeline_buckets, 2, 4096},
    UintKey{"max_episodes", &ScanConfig::max_episodes, 0, 1U << 24},
};

struct SecondsKey {
  std::string_view name;
  double ScanConfig::*member;
};
constexpr std::array kSecondsKeys{SecondsKey{"window_s", &ScanConfig::window_s},
                                  SecondsKey{"episode_quiet_s", &ScanConfig::episode_quiet_s},
                                  SecondsKey{"episode_update_s", &ScanConfig::episode_update_s}};

}  // namespace

bool load_scan_config(const std::string& path, ScanConfig& c, Diagnostics& diags) {
  const std::size_t errors_before = diags.error_count();
  std::string why;
  const auto text = read_file_text(path, why);
  if (!text) {
    diags.error({path, 0, 0}, fmt::format("cannot read scan config: {}", why));
    return false;
  }
  const auto root = toml_support::parse(path, *text, diags);
  if (!root) return false;
  const toml::table* scan = (*root)["scan"].as_table();
  if (scan == nullptr) return true;
  // toml++ orders a table's keys by name; problems are reported in the file's order.
  std::vector<std::pair<const toml::key*, const toml::node*>> entries;
  for (const auto& [key, node] : *scan) entries.emplace_back(&key, &node);
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    const auto& x = a.first->source().begin;
    const auto& y = b.first->source().begin;
    return x.line != y.line ? x.line < y.line : x.column < y.column;
  });
  for (const auto& [key_ptr, node_ptr] : entries) {
    const toml::key& key = *key_ptr;
    const toml::node& node = *node_ptr;
    const std::string_view k = key.str();
    const auto where = toml_support::where(path, node.source());
    if (const auto* u = std::find_if(kUintKeys.begin(), kUintKeys.end(), [k](const UintKey& x) { return x.name == k; });
        u != kUintKeys.end()) {
      const bool ok = std::visit([&](auto member) { return read_uint(node, c.*member, u->min, u->max); }, u->member);
      if (!ok) {
        diags.error(where, fmt::format("bad value for '{}' in [scan] (an integer {}-{})", k, u->min, u->max));
      }
    } else if (const auto* d = std::find_if(kSecondsKeys.begin(), kSecondsKeys.end(),
                                            [k](const SecondsKey& x) { return x.name == k; });
               d != kSecondsKeys.end()) {
      const auto v = node.value<double>();
      if (v && *v > 0) c.*(d->member) = *v;
      else diags.error(where, fmt::format("bad value for '{}' in [scan] (seconds, above 0)", k));
    } else {
      std::vector<std::string_view> known;
      for (const auto& x : kUintKeys) known.push_back(x.name);
      for (const auto& x : kSecondsKeys) known.push_back(x.name);
      diags.error(toml_support::where(path, key.source()),
                  fmt::format("unknown key '{}' in [scan]{}", k, did_you_mean(k, known)));
    }
  }
  return diags.error_count() == errors_before;
}

}  // namespace gp::scan
