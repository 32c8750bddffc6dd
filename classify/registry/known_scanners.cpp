#include "classify/registry/known_scanners.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "classify/registry/known_scanners_toml.hpp"
#include "classify/registry/toml_values.hpp"
#include "common/file_text.hpp"
#include "common/toml_support.hpp"

namespace gp::registry {

namespace ts = toml_support;

std::string_view to_string(ScannerKind k) noexcept {
  switch (k) {
    case ScannerKind::research: return "research";
    case ScannerKind::search_engine: return "search_engine";
    case ScannerKind::vulnerability_scanner: return "vulnerability_scanner";
  }
  return "?";
}

std::optional<ScannerKind> parse_scanner_kind(std::string_view text) noexcept {
  for (const auto k : {ScannerKind::research, ScannerKind::search_engine, ScannerKind::vulnerability_scanner}) {
    if (to_string(k) == text) return k;
  }
  return std::nullopt;
}

std::optional<KnownScanner> parse_scanner_table(const std::string& file, const toml::table& t, bool site,
                                                Diagnostics& diags) {
  const std::size_t errors_before = diags.error_count();
  ts::check_keys(file, t, {"name", "kind", "networks", "source", "checked", "note"}, "[[scanner]]", diags);
  KnownScanner e;
  e.from_site = site;
  e.kind = site ? ScannerKind::vulnerability_scanner : ScannerKind::research;
  e.where = ts::where(file, t.source());
  auto name = ts::get_string(file, t, "name", true, diags);
  if (name && name->empty()) diags.error(ts::location_of(file, t, "name"), "empty 'name'");
  if (const auto kind = ts::get_string(file, t, "kind", false, diags)) {
    if (const auto k = parse_scanner_kind(*kind)) {
      e.kind = *k;
    } else {
      diags.error(ts::location_of(file, t, "kind"),
                  fmt::format("unknown kind '{}' (expected research, search_engine or vulnerability_scanner)", *kind));
    }
  }
  // A published list is only as good as its provenance: shipped entries say where the
  // networks were published and when someone last compared them with that page.
  auto source = ts::get_string(file, t, "source", !site, diags);
  if (source && source->empty()) diags.error(ts::location_of(file, t, "source"), "empty 'source'");
  auto checked = get_date(file, t, "checked", !site, diags);
  auto note = ts::get_string(file, t, "note", false, diags);
  std::vector<SourceLocation> at;
  const auto texts = ts::get_string_array(file, t, "networks", diags, &at);
  if (!texts && t.get("networks") == nullptr) diags.error(ts::where(file, t.source()), "missing key 'networks'");
  if (texts) {
    if (texts->empty()) diags.error(ts::location_of(file, t, "networks"), "'networks' is empty");
    for (std::size_t i = 0; i < texts->size(); ++i) {
      std::string why;
      if (auto c = IpNetwork::parse((*texts)[i], why)) {
        e.networks.push_back(*c);
      } else {
        diags.error(at[i], why);
      }
    }
  }
  if (diags.error_count() != errors_before || !name) return std::nullopt;
  e.name = std::move(*name);
  if (source) e.source = std::move(*source);
  if (checked) e.checked = std::move(*checked);
  if (note) e.note = std::move(*note);
  return e;
}

void parse_known_scanners(const std::string& file, std::string_view content, std::vector<KnownScanner>& out,
                          Diagnostics& diags) {
  const auto doc = ts::parse(file, content, diags);
  if (!doc) return;
  ts::check_keys(file, *doc, {"scanner"}, "a scanner list", diags);
  for (const toml::table* t : ts::get_table_array(file, *doc, "scanner", diags)) {
    if (auto e = parse_scanner_table(file, *t, false, diags)) out.push_back(std::move(*e));
  }
}

std::vector<KnownScanner> load_known_scanners_dir(const std::string& dir, Diagnostics& diags) {
  std::vector<KnownScanner> out;
  read_toml_directory(dir, "scanner list directory", diags, [&](const std::string& path, const std::string& text) {
    parse_known_scanners(path, text, out, diags);
  });
  for (std::size_t i = 0; i < out.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (out[i].name != out[j].name) continue;
      diags.error(out[i].where, fmt::format("duplicate scanner '{}' (first at {}:{}:{})", out[i].name,
                                            out[j].where.file, out[j].where.line, out[j].where.column));
    }
  }
  return out;
}

const KnownScanner* find_known_scanner(const std::vector<KnownScanner>& list, const IpAddress& address) {
  const KnownScanner* best = nullptr;
  int best_prefix = -1;
  for (const KnownScanner& s : list) {
    for (const IpNetwork& c : s.networks) {
      if (static_cast<int>(c.bits()) > best_prefix && c.contains(address)) {
        best = &s;
        best_prefix = static_cast<int>(c.bits());
      }
    }
  }
  return best;
}

}  // namespace gp::registry
