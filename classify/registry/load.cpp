#include "classify/registry/load.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "classify/registry/threshold.hpp"

namespace gp::registry {

std::vector<std::pair<std::string, ServicesFormat>> LoadOptions::default_fallbacks() {
  return {{"/usr/share/nmap/nmap-services", ServicesFormat::nmap},
          {"/usr/share/wireshark/services", ServicesFormat::wireshark},
          {"/etc/services", ServicesFormat::etc_services}};
}

std::string LoadOptions::default_nmap_services() {
  return configured().nmap_services.empty() ? "/usr/share/nmap/nmap-services" : configured().nmap_services;
}
std::string LoadOptions::default_folklore_dir() {
  return configured().folklore.empty() ? (data_root() / "ports").string() : configured().folklore;
}
std::string LoadOptions::default_scanners_dir() { return (data_root() / "scanners").string(); }
std::optional<std::string> LoadOptions::default_site() {
  if (configured().site.empty()) return std::nullopt;
  return configured().site;
}

namespace {

std::string_view lacks(ServicesFormat f) {
  switch (f) {
    case ServicesFormat::nmap:
      return "no assignees, contacts or registration dates, no Unassigned/Reserved distinction, "
             "and some names are nmap's own research rather than IANA assignments";
    case ServicesFormat::wireshark:
      return "no assignees, contacts or registration dates, and no Unassigned/Reserved distinction";
    case ServicesFormat::etc_services:
      return "no assignees, contacts or registration dates, no Unassigned/Reserved distinction, "
             "and only a few hundred common services";
  }
  return "";
}

}  // namespace

LoadResult load_registry(const LoadOptions& options) {
  LoadResult out;
  RegistryInputs in;
  auto& diags = out.diagnostics;

  const std::optional<RegistryChoice> iana =
      options.registry_csv ? RegistryChoice{*options.registry_csv, "--registry"} : options.default_iana;
  if (iana) {
    // The shipped snapshot is the normal case, not a degraded one: said only with -v.
    in.iana = load_iana_csv(iana->path, diags);
    check_iana_overlaps(*in.iana, diags);
    out.registry_source = iana->path;
    out.registry_origin = iana->origin;
    out.registry_date = newest_date(*in.iana);
    out.info.push_back(fmt::format("registry: IANA CSV {} ({}, {} port rows, newest date {})", iana->path, iana->origin,
                                   in.iana->records.size(), out.registry_date.empty() ? "none" : out.registry_date));
  } else {
    for (const auto& [path, format] : options.fallback_registries) {
      if (!std::filesystem::exists(path)) continue;
      in.system_services = load_services(path, format, diags);
      if (!in.system_services) continue;
      out.registry_source = path;
      out.notices.push_back(
          fmt::format("registry: no --registry given; using {} ({}): it has {}. Pass IANA's "
                      "service-names-port-numbers.csv with --registry for the full record",
                      path, to_string(format), lacks(format)));
      break;
    }
    if (!in.system_services) {
      out.notices.push_back(
          "registry: no --registry given and no nmap-services, Wireshark services or "
          "/etc/services found: every port is unassigned as far as ghostport knows");
    }
  }

  const std::string nmap = options.nmap_services.value_or(LoadOptions::default_nmap_services());
  if (options.nmap_services || std::filesystem::exists(nmap)) {
    in.observed = load_services(nmap, ServicesFormat::nmap, diags);
  }
  if (!in.observed) {
    out.notices.push_back(
        fmt::format("observed usage: {} not available (install nmap-common or pass --nmap-services): no "
                    "port can be called orphaned",
                    nmap));
  }

  in.folklore = load_folklore_dir(options.folklore_dir.value_or(LoadOptions::default_folklore_dir()), diags);
  if (options.site) in.site = load_site(*options.site, diags);
  if (!in.site || in.site->research_scanners) {
    const std::string dir = options.scanners_dir.value_or(LoadOptions::default_scanners_dir());
    in.scanners = load_known_scanners_dir(dir, diags);
    std::size_t networks = 0;
    for (const auto& s : in.scanners) networks += s.networks.size();
    out.info.push_back(fmt::format("known scanners: {} published research/search-engine scanners ({} networks) from {}",
                                   in.scanners.size(), networks, dir));
  } else {
    out.info.push_back(fmt::format(
        "known scanners: the shipped lists are switched off by {} (research_scanners = false)", in.site->file));
  }
  in.orphan_threshold = options.orphan_threshold;
  if (!in.orphan_threshold && in.observed) {
    const auto th = derive_orphan_thresholds(*in.observed);
    out.info.push_back(
        fmt::format("observed usage: orphan threshold derived from {} (one host of nmap's sample): tcp "
                    "{:.6f}, udp {:.6f}",
                    nmap, th[index(Transport::tcp)], th[index(Transport::udp)]));
  }
  out.registry = PortRegistry::build(std::move(in));
  return out;
}

}  // namespace gp::registry
