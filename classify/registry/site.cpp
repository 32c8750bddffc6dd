#include "classify/registry/site.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "classify/registry/known_scanners_toml.hpp"
#include "classify/registry/toml_values.hpp"
#include "common/file_text.hpp"
#include "common/toml_support.hpp"

namespace gp::registry {

namespace ts = toml_support;

bool SiteApplication::serves(const IpAddress& server) const {
  if (networks.empty()) return true;
  return std::any_of(networks.begin(), networks.end(), [&](const IpNetwork& c) { return c.contains(server); });
}

bool Site::is_internal(const IpAddress& a) const {
  return std::any_of(internal_networks.begin(), internal_networks.end(),
                     [&](const IpNetwork& c) { return c.contains(a); });
}

bool Site::is_allowed_scanner(const IpAddress& a) const {
  return std::any_of(allowed_scanners.begin(), allowed_scanners.end(),
                     [&](const IpNetwork& c) { return c.contains(a); });
}

namespace {

// Bad elements are reported (callers compare error counts) and left out.
std::vector<IpNetwork> get_networks(const std::string& file, const toml::table& t, std::string_view key,
                                    Diagnostics& diags) {
  std::vector<IpNetwork> out;
  std::vector<SourceLocation> at;
  const auto texts = ts::get_string_array(file, t, key, diags, &at);
  if (!texts) return out;
  for (std::size_t i = 0; i < texts->size(); ++i) {
    std::string why;
    if (auto c = IpNetwork::parse((*texts)[i], why)) {
      out.push_back(*c);
    } else {
      diags.error(at[i], why);
    }
  }
  return out;
}

bool networks_overlap(const std::vector<IpNetwork>& a, const std::vector<IpNetwork>& b) {
  if (a.empty() || b.empty()) return true;  // "anywhere" overlaps everything
  for (const auto& x : a) {
    for (const auto& y : b) {
      if (x.overlaps(y)) return true;
    }
  }
  return false;
}

// Two different applications claiming one port on overlapping networks cannot both be
// true; the site file must say which one runs where.
void check_contradictions(const Site& site, Diagnostics& diags) {
  const auto& apps = site.applications;
  for (std::size_t i = 0; i < apps.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      const auto& a = apps[j];
      const auto& b = apps[i];
      if (a.name == b.name || !a.ports.overlaps(b.ports) || !a.transports.intersects(b.transports) ||
          !networks_overlap(a.networks, b.networks)) {
        continue;
      }
      diags.error(b.where, fmt::format("application '{}' on ports {} contradicts '{}' on ports {} (at "
                                       "{}:{}:{}): overlapping ports and networks",
                                       b.name, to_string(b.ports), a.name, to_string(a.ports), a.where.file,
                                       a.where.line, a.where.column));
    }
  }
}

}  // namespace

Site parse_site(const std::string& file, std::string_view content, Diagnostics& diags) {
  Site site;
  site.file = file;
  const auto doc = ts::parse(file, content, diags);
  if (!doc) return site;
  ts::check_keys(file, *doc,
                 {"internal_networks", "allowed_scanners", "research_scanners", "application", "note", "scanner"},
                 "a site file", diags);
  site.internal_networks = get_networks(file, *doc, "internal_networks", diags);
  site.allowed_scanners = get_networks(file, *doc, "allowed_scanners", diags);
  if (const toml::node* n = doc->get("research_scanners")) {
    if (const auto* b = n->as_boolean()) {
      site.research_scanners = b->get();
    } else {
      diags.error(ts::where(file, n->source()),
                  fmt::format("key 'research_scanners' must be true or false, found {}", ts::type_name(*n)));
    }
  }
  for (const toml::table* t : ts::get_table_array(file, *doc, "scanner", diags)) {
    if (auto e = parse_scanner_table(file, *t, true, diags)) site.scanners.push_back(std::move(*e));
  }
  if (!site.allowed_scanners.empty()) {
    KnownScanner allowed;
    allowed.name = "allowed_scanners";
    allowed.kind = ScannerKind::vulnerability_scanner;
    allowed.networks = site.allowed_scanners;
    allowed.from_site = true;
    allowed.where = ts::location_of(file, *doc, "allowed_scanners");
    site.scanners.push_back(std::move(allowed));
  }

  for (const toml::table* t : ts::get_table_array(file, *doc, "application", diags)) {
    const std::size_t before = diags.error_count();
    ts::check_keys(file, *t, {"port", "transport", "name", "networks", "note"}, "[[application]]", diags);
    SiteApplication app;
    app.where = ts::where(file, t->source());
    const auto ports = get_ports(file, *t, diags);
    const auto transports = get_transports(file, *t, diags);
    auto name = ts::get_string(file, *t, "name", true, diags);
    app.networks = get_networks(file, *t, "networks", diags);
    auto note = ts::get_string(file, *t, "note", false, diags);
    if (diags.error_count() != before || !ports || !transports || !name) continue;
    app.ports = *ports;
    app.transports = *transports;
    app.name = std::move(*name);
    if (note) app.note = std::move(*note);
    site.applications.push_back(std::move(app));
  }
  for (const toml::table* t : ts::get_table_array(file, *doc, "note", diags)) {
    const std::size_t before = diags.error_count();
    ts::check_keys(file, *t, {"port", "transport", "text"}, "[[note]]", diags);
    SiteNote n;
    n.where = ts::where(file, t->source());
    const auto ports = get_ports(file, *t, diags);
    const auto transports = get_transports(file, *t, diags);
    auto text = ts::get_string(file, *t, "text", true, diags);
    if (diags.error_count() != before || !ports || !transports || !text) continue;
    n.ports = *ports;
    n.transports = *transports;
    n.text = std::move(*text);
    site.notes.push_back(std::move(n));
  }
  check_contradictions(site, diags);
  return site;
}

Site load_site(const std::string& path, Diagnostics& diags) {
  std::string why;
  const auto text = read_file_text(path, why);
  if (!text) {
    diags.error({path, 0, 0}, fmt::format("cannot read site file: {}", why));
    Site empty;
    empty.file = path;
    return empty;
  }
  return parse_site(path, *text, diags);
}

}  // namespace gp::registry
