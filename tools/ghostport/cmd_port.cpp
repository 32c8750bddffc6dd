// `ghostport port`: what the layered registry says about a port (card), which ports have a
// given standing (list), and how the registered range divides into standings (stats).
// A thin shell: all facts and decisions live in classify/registry.
#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "classify/registry/load.hpp"
#include "classify/registry/port_card.hpp"
#include "common/terminal_text.hpp"
#include "tools/ghostport/commands.hpp"
#include "common/exit_status.hpp"

namespace gp::cli {

namespace {

namespace reg = gp::registry;

struct PortOptions {
  std::optional<int> port;
  std::string transport = "tcp/udp";
  std::string standing;
  std::string range;
  bool stats = false;
  std::string format = "text";
  reg::LoadOptions load;
  std::string registry, nmap_services, site, folklore;
  std::optional<double> threshold;
  bool verbose = false;
};

void print_nmap_style_list(const std::vector<reg::PortView>& rows) {
  fmt::print("{:<7} {:<5} {:<15} {:<22} {}\n", "PORT", "PROTO", "STANDING", "NAME", "DESCRIPTION");
  for (const auto& v : rows) {
    fmt::print("{:<7} {:<5} {:<15} {:<22} {}\n", v.port, reg::to_string(v.transport), reg::to_string(v.standing),
               v.name.empty() ? "-" : printable(v.name), v.description.empty() ? "-" : printable(v.description));
  }
}

int run_stats(const reg::LoadResult& loaded, reg::PortRange range, const std::vector<reg::Transport>& transports,
              const std::string& format) {
  const reg::PortRegistry& registry = loaded.registry;
  nlohmann::json j = nlohmann::json::array();
  if (format == "csv") fmt::print("transport,range,standing,count\n");
  if (format == "text") {
    if (loaded.registry_date.empty()) {
      fmt::print("Registry: {}\n", loaded.registry_source.empty() ? "none" : loaded.registry_source);
    } else {
      fmt::print("Registry: IANA of {} ({}, {})\n", loaded.registry_date, loaded.registry_origin,
                 loaded.registry_source);
    }
    fmt::print("Standings over ports {} (orphan threshold per transport shown)\n", reg::to_string(range));
  }
  for (const auto t : transports) {
    const auto c = registry.counts(range, t);
    nlohmann::json counts;
    if (format == "text") {
      fmt::print("{} (threshold {:.6f}):\n", reg::to_string(t), registry.orphan_threshold(t));
    }
    for (const auto s : reg::kAllStandings) {
      const auto n = c.by_standing[static_cast<std::size_t>(s)];
      counts[std::string(reg::to_string(s))] = n;
      if (format == "text") fmt::print("  {:<15} {:>6}\n", reg::to_string(s), n);
      if (format == "csv") fmt::print("{},{},{},{}\n", reg::to_string(t), reg::to_string(range), reg::to_string(s), n);
    }
    if (format == "text") fmt::print("  {:<15} {:>6}\n", "total", c.total());
    j.push_back({{"transport", reg::to_string(t)},
                 {"range", reg::to_string(range)},
                 {"orphan_threshold", registry.orphan_threshold(t)},
                 {"registry", loaded.registry_source},
                 {"registry_date", loaded.registry_date},
                 {"counts", counts},
                 {"total", c.total()}});
  }
  if (format == "json") fmt::print("{}\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  return exit_code::kOk;
}

int run(PortOptions& o) {
  if (!o.registry.empty()) o.load.registry_csv = o.registry;
  if (!o.nmap_services.empty()) o.load.nmap_services = o.nmap_services;
  if (!o.site.empty()) o.load.site = o.site;
  if (!o.folklore.empty()) o.load.folklore_dir = o.folklore;
  o.load.orphan_threshold = o.threshold;

  std::vector<reg::Transport> transports;
  if (o.transport == "all") {
    transports.assign(reg::kAllTransports.begin(), reg::kAllTransports.end());
  } else if (const auto set = reg::parse_transport_set(o.transport)) {
    for (const auto t : reg::kAllTransports) {
      if (set->contains(t)) transports.push_back(t);
    }
  } else {
    fmt::print(stderr, "ghostport port: unknown transport '{}' (tcp, udp, sctp, dccp, tcp/udp, all)\n", o.transport);
    return exit_code::kUsage;
  }
  std::optional<reg::Standing> wanted;
  if (!o.standing.empty()) {
    wanted = reg::parse_standing(o.standing);
    if (!wanted) {
      fmt::print(stderr,
                 "ghostport port: unknown standing '{}' (active_service, orphaned, unofficial, "
                 "unassigned, reserved, dynamic, site_known)\n",
                 o.standing);
      return exit_code::kUsage;
    }
  }
  std::optional<reg::PortRange> range;
  if (!o.range.empty()) {
    std::string why;
    range = reg::parse_port_range(o.range, why);
    if (!range) {
      fmt::print(stderr, "ghostport port: --range: {}\n", why);
      return exit_code::kUsage;
    }
  }
  if (!o.port && !wanted && !range && !o.stats) {
    fmt::print(stderr, "ghostport port: give a PORT, --standing/--range, or --stats (see --help)\n");
    return exit_code::kUsage;
  }

  auto loaded = reg::load_registry(o.load);
  for (const auto& n : loaded.notices) fmt::print(stderr, "ghostport: {}\n", n);
  if (o.verbose) {
    for (const auto& n : loaded.info) fmt::print(stderr, "ghostport: {}\n", n);
  }
  for (const auto& d : loaded.diagnostics.all()) {
    if (d.severity == Severity::error || o.verbose) fmt::print(stderr, "{}\n", format(d));
  }
  const std::size_t errors = loaded.diagnostics.error_count();
  if (errors > 0) {
    // A bad input file is exit 1 whichever flag named it (docs/robustness.md).
    fmt::print(stderr, "ghostport: {} error(s) in the registry sources; fix them (or leave the option out)\n", errors);
    return exit_code::kError;
  }
  if (!loaded.registry_origin.empty() && loaded.registry.inputs().iana &&
      loaded.registry.inputs().iana->records.empty()) {
    fmt::print(stderr, "ghostport: {}: no registry records in it\n", loaded.registry_source);
    return exit_code::kError;  // nothing usable in the registry the user asked for
  }
  const int ok = exit_code::kOk;
  const auto& registry = loaded.registry;

  if (o.stats) {
    const int rc = run_stats(loaded, range.value_or(reg::kRegisteredPorts), transports, o.format);
    return rc == exit_code::kOk ? ok : rc;
  }

  std::vector<reg::PortView> rows;
  if (o.port) {
    for (const auto t : transports) rows.push_back(reg::describe(registry, static_cast<std::uint16_t>(*o.port), t));
  } else {
    const auto r = range.value_or(reg::PortRange{0, 65535});
    for (const auto t : transports) {
      for (std::uint32_t p = r.first; p <= r.last; ++p) {
        const auto port = static_cast<std::uint16_t>(p);
        if (wanted && registry.standing(port, t) != *wanted) continue;  // O(1) filter first
        rows.push_back(reg::describe(registry, port, t));
      }
    }
  }

  if (o.format == "json") {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& v : rows) j.push_back(reg::to_json(v));
    fmt::print("{}\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  } else if (o.format == "csv") {
    fmt::print("{}\n", reg::csv_header());
    for (const auto& v : rows) fmt::print("{}\n", reg::to_csv_row(v));
  } else if (o.port) {
    for (std::size_t i = 0; i < rows.size(); ++i) fmt::print("{}{}", i ? "\n" : "", reg::render_card(rows[i]));
  } else {
    print_nmap_style_list(rows);
  }
  return ok;
}

}  // namespace

void add_port_command(CLI::App& app) {
  auto o = std::make_shared<PortOptions>();
  auto* cmd = app.add_subcommand("port", "What the registry, nmap, folklore and your site say about a port");
  cmd->add_option("PORT", o->port, "port number: print its card")->check(CLI::Range(0, 65535));
  cmd->add_option("-t,--transport", o->transport, "tcp, udp, sctp, dccp, tcp/udp or all")->capture_default_str();
  cmd->add_option("--standing", o->standing,
                  "list ports with this standing (active_service, orphaned, unofficial, "
                  "unassigned, reserved, dynamic, site_known)");
  cmd->add_option("--range", o->range, "ports FIRST-LAST to list or count");
  cmd->add_flag("--stats", o->stats, "count ports per standing (default range 1024-49151)");
  cmd->add_option("-F,--format", o->format, "text, json or csv")
      ->check(CLI::IsMember({"text", "json", "csv"}))
      ->capture_default_str();
  cmd->add_option("--registry", o->registry, "IANA service-names-port-numbers.csv");
  cmd->add_option("--nmap-services", o->nmap_services,
                  "nmap-services for observed usage (default /usr/share/nmap/nmap-services)");
  cmd->add_option("--site", o->site, "site TOML: networks, applications, scanners, notes");
  cmd->add_option("--folklore", o->folklore, "folklore TOML directory (default: rules/ports)")
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--orphan-threshold", o->threshold,
                  "open-frequency at or below which a registered port is orphaned (default: "
                  "one host of nmap's sample, per transport)")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_flag("-v,--verbose", o->verbose, "say which sources were used; show warnings");
  cmd->footer(
      "Examples:\n"
      "  ghostport port 3255 --registry service-names-port-numbers.csv\n"
      "  ghostport port --standing orphaned --range 3000-3600 -F json\n"
      "  ghostport port --stats --site site.toml\n");
  cmd->callback([o] { exit_status() = run(*o); });
}

}  // namespace gp::cli
