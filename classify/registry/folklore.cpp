#include "classify/registry/folklore.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "classify/registry/toml_values.hpp"
#include "common/file_text.hpp"
#include "common/toml_support.hpp"

namespace gp::registry {

namespace ts = toml_support;

std::string_view to_string(FolkloreKind k) noexcept {
  switch (k) {
    case FolkloreKind::attribution: return "attribution";
    case FolkloreKind::vendor_default: return "vendor_default";
    case FolkloreKind::trojan: return "trojan";
    case FolkloreKind::malware: return "malware";
    case FolkloreKind::dead_registration: return "dead_registration";
    case FolkloreKind::in_use: return "in_use";
  }
  return "?";
}

std::optional<FolkloreKind> parse_folklore_kind(std::string_view text) noexcept {
  for (const auto k : {FolkloreKind::attribution, FolkloreKind::vendor_default, FolkloreKind::trojan,
                       FolkloreKind::malware, FolkloreKind::dead_registration, FolkloreKind::in_use}) {
    if (to_string(k) == text) return k;
  }
  return std::nullopt;
}

void parse_folklore(const std::string& file, std::string_view content, std::vector<FolkloreEntry>& out,
                    Diagnostics& diags) {
  const auto doc = ts::parse(file, content, diags);
  if (!doc) return;
  ts::check_keys(file, *doc, {"folklore"}, "a folklore file", diags);
  for (const toml::table* t : ts::get_table_array(file, *doc, "folklore", diags)) {
    const std::size_t errors_before = diags.error_count();
    ts::check_keys(file, *t, {"port", "transport", "kind", "name", "vendor", "ended", "note", "source", "date"},
                   "[[folklore]]", diags);
    FolkloreEntry e;
    e.where = ts::where(file, t->source());
    const auto ports = get_ports(file, *t, diags);
    const auto transports = get_transports(file, *t, diags);
    const auto kind_text = ts::get_string(file, *t, "kind", true, diags);
    std::optional<FolkloreKind> kind;
    if (kind_text) {
      kind = parse_folklore_kind(*kind_text);
      if (!kind) {
        diags.error(ts::location_of(file, *t, "kind"),
                    fmt::format("unknown kind '{}' (expected attribution, vendor_default, trojan, "
                                "malware, dead_registration or in_use)",
                                *kind_text));
      }
    }
    auto name = ts::get_string(file, *t, "name", true, diags);
    auto source = ts::get_string(file, *t, "source", true, diags);
    auto date = get_date(file, *t, "date", true, diags);
    auto ended = get_date(file, *t, "ended", false, diags);
    auto vendor = ts::get_string(file, *t, "vendor", false, diags);
    auto note = ts::get_string(file, *t, "note", false, diags);
    if (name && name->empty()) diags.error(ts::location_of(file, *t, "name"), "empty 'name'");
    if (source && source->empty()) diags.error(ts::location_of(file, *t, "source"), "empty 'source'");
    if (kind == FolkloreKind::in_use && ended) {
      diags.error(ts::location_of(file, *t, "ended"),
                  "an in_use entry says current software uses the port: remove 'ended', or use "
                  "kind = \"dead_registration\"");
    }
    if (diags.error_count() != errors_before || !ports || !transports || !kind) continue;
    e.ports = *ports;
    e.transports = *transports;
    e.kind = *kind;
    e.name = std::move(*name);
    e.source = std::move(*source);
    e.date = std::move(*date);
    if (ended) e.ended = std::move(*ended);
    if (vendor) e.vendor = std::move(*vendor);
    if (note) e.note = std::move(*note);
    out.push_back(std::move(e));
  }
}

std::vector<FolkloreEntry> load_folklore_dir(const std::string& dir, Diagnostics& diags) {
  std::vector<FolkloreEntry> out;
  read_toml_directory(dir, "folklore directory", diags, [&](const std::string& path, const std::string& text) {
    parse_folklore(path, text, out, diags);
  });
  check_folklore_conflicts(out, diags);
  return out;
}

void check_folklore_conflicts(const std::vector<FolkloreEntry>& entries, Diagnostics& diags) {
  // Dozens of entries: the quadratic scan is cheaper than any index.
  for (std::size_t i = 0; i < entries.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      const auto& a = entries[j];
      const auto& b = entries[i];
      if (!a.ports.overlaps(b.ports) || !a.transports.intersects(b.transports)) continue;
      const auto prior = fmt::format("{}:{}:{}", a.where.file, a.where.line, a.where.column);
      if (a.name == b.name) {
        diags.error(b.where, fmt::format("duplicate folklore '{}' for port {} (first at {})", b.name,
                                         to_string(b.ports), prior));
      } else if (a.kind == FolkloreKind::dead_registration && b.kind == FolkloreKind::dead_registration) {
        diags.error(b.where, fmt::format("dead_registration '{}' on ports {} contradicts '{}' on {} (at {})", b.name,
                                         to_string(b.ports), a.name, to_string(a.ports), prior));
      }
    }
  }
}

}  // namespace gp::registry
