// The scan report as data: everything the HTML page shows, with the detector's vocabulary.
#include <fmt/format.h>

#include <algorithm>
#include <ctime>

#include "classify/features/scan_chain_json.hpp"
#include "classify/scan/scan_episode_json.hpp"
#include "common/ip_protocol.hpp"
#include "report/html/scan_report.hpp"

namespace gp::report::html {
namespace {

using nlohmann::json;

std::string iso_time(TimeNs t) {
  const std::time_t secs = static_cast<std::time_t>(t / 1'000'000'000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, (t % 1'000'000'000) / 1000);
}

json standing_json(const std::optional<registry::Standing>& s) {
  return s ? json(std::string(registry::to_string(*s))) : json(nullptr);
}

json source_json(const scan::SourceSummary& s) {
  json tools = json::object();
  for (std::size_t t = 0; t < scan::kScanToolCount; ++t) {
    if (s.tool_probes[t] > 0) tools[std::string(scan::to_string(static_cast<scan::ScanTool>(t)))] = s.tool_probes[t];
  }
  json kinds = json::object();
  for (std::size_t k = 0; k < scan::kProbeKindCount; ++k) {
    if (s.kinds[k] > 0) kinds[std::string(scan::to_string(static_cast<scan::ProbeKind>(k)))] = s.kinds[k];
  }
  json outcomes = json::object();
  for (std::size_t o = 0; o + 1 < scan::kProbeOutcomeCount; ++o) {
    outcomes[std::string(scan::to_string(static_cast<scan::ProbeOutcome>(o)))] = s.outcomes[o];
  }
  json open = json::array();
  for (const auto& svc : s.open_services) {
    open.push_back({{"port", svc.port},
                    {"transport", ip_protocol_name(svc.ip_proto)},
                    {"hosts", svc.hosts},
                    {"standing", standing_json(svc.standing)}});
  }
  json j{{"address", s.address.to_string()},
         {"is_scanner", s.is_scanner},
         {"known_scanner", s.known_scanner.empty() ? json(nullptr) : json(s.known_scanner)},
         {"known_kind", s.known_kind.empty() ? json(nullptr) : json(s.known_kind)},
         {"type", std::string(scan::to_string(s.type))},
         {"tool", std::string(scan::to_string(s.tool))},
         {"tools", tools},
         {"technique", std::string(scan::to_string(s.technique))},
         {"kinds", kinds},
         {"outcomes", outcomes},
         {"flows", s.flows},
         {"probes", s.probes},
         {"sessions", s.sessions},
         {"crafted_probes", s.crafted_probes},
         {"distinct_ports", s.distinct_ports},
         {"distinct_hosts", s.distinct_hosts},
         {"distinct_targets", s.distinct_pairs},
         {"counts_exact", s.counts_exact},
         {"ports_exact", s.ports_exact},
         {"hosts_exact", s.hosts_exact},
         {"window_peak_ports", s.window_ports},
         {"window_peak_hosts", s.window_hosts},
         {"first", iso_time(s.first)},
         {"last", iso_time(s.last)},
         {"duration_s", static_cast<double>(s.last - s.first) / 1e9},
         {"probes_per_second", s.probes_per_second},
         {"unanswered_ratio", s.unanswered_ratio},
         {"open_services", open},
         {"unknown_fields", s.unknown_fields},
         {"first_payload", scan::escaped_bytes(s.first_payload)},
         {"first_payload_hex", scan::hex_bytes(s.first_payload)},
         {"timeline", s.timeline}};
  if (s.is_network) {
    j["prefix_len"] = s.prefix_len;
    j["members"] = s.members;
  }
  return j;
}

}  // namespace

json build_scan_report(const scan::ScanDetector& d, const ScanReportMeta& meta) {
  const auto& st = d.stats();
  const auto& c = d.config();
  json scanners = json::array();
  std::size_t sources_with_probes = 0;
  for (const auto& s : d.sources()) {
    if (s.probes > 0) ++sources_with_probes;
    if (s.is_scanner) scanners.push_back(source_json(s));
  }
  json networks = json::array();
  for (const auto& n : d.networks()) networks.push_back(source_json(n));
  // One scan = one record: each scanner's runs of probes, separated by quiet periods.
  json episodes = json::array();
  std::size_t research = 0;
  for (const auto& ep : d.episodes()) {
    episodes.push_back(json(scan::scan_episode_json(ep, scan::TimeFormat::iso8601)));
    if (ep.benign_research) ++research;
  }
  // The ports most probed, and every port that answered open whatever its rank: where a
  // scan found something is what the reader asks first (ties in probes would hide them).
  std::vector<const scan::PortSummary*> listed;
  for (std::size_t i = 0; i < d.ports().size() && i < meta.top_ports; ++i) listed.push_back(&d.ports()[i]);
  const auto open_of = [](const scan::PortSummary& p) {
    return p.outcomes[static_cast<std::size_t>(scan::ProbeOutcome::open)];
  };
  for (std::size_t i = meta.top_ports; i < d.ports().size(); ++i) {
    if (open_of(d.ports()[i]) > 0) listed.push_back(&d.ports()[i]);
  }
  std::stable_sort(listed.begin(), listed.end(), [&](const scan::PortSummary* a, const scan::PortSummary* b) {
    if (a->probes != b->probes) return a->probes > b->probes;
    return open_of(*a) > open_of(*b);
  });
  json ports = json::array();
  for (const scan::PortSummary* listed_port : listed) {
    const auto& p = *listed_port;
    json sources = json::array();
    for (const auto& [addr, n] : p.top_sources) sources.push_back({{"address", addr.to_string()}, {"probes", n}});
    json outcomes = json::object();
    for (std::size_t o = 0; o + 1 < scan::kProbeOutcomeCount; ++o) {
      outcomes[std::string(scan::to_string(static_cast<scan::ProbeOutcome>(o)))] = p.outcomes[o];
    }
    ports.push_back(
        {{"port", p.port},
         {"transport", ip_protocol_name(p.ip_proto)},
         {"probes", p.probes},
         {"scanner_flows", p.scanner_flows},
         {"distinct_sources", p.distinct_sources},
         {"busiest_scanner", p.busiest_scanner_flows > 0 ? json(p.busiest_scanner.to_string()) : json(nullptr)},
         {"busiest_scanner_flows", p.busiest_scanner_flows},
         {"standing", standing_json(p.standing)},
         {"answered_open", open_of(p) > 0},
         {"outcomes", outcomes},
         {"sources", sources}});
  }
  // Our hosts that answered, with what they offer and who found it.
  json targets = json::array();
  for (const auto& t : d.targets()) {
    json open = json::array();
    for (const auto& svc : t.open_ports) {
      open.push_back({{"port", svc.port},
                      {"transport", ip_protocol_name(svc.ip_proto)},
                      {"standing", standing_json(svc.standing)}});
    }
    json found_by = json::array();
    // By address: arrival order differs between one capture and a collector's merge.
    auto sources = t.found_by;
    std::sort(sources.begin(), sources.end());
    for (const auto& a : sources) {
      const scan::SourceSummary* s = d.source(a);
      found_by.push_back(
          {{"address", a.to_string()},
           {"scanner", s != nullptr && s->is_scanner},
           {"tool", s != nullptr ? json(std::string(scan::to_string(s->tool))) : json(nullptr)},
           {"known_scanner", s != nullptr && !s->known_scanner.empty() ? json(s->known_scanner) : json(nullptr)}});
    }
    targets.push_back({{"address", t.address.to_string()},
                       {"open_ports", open},
                       {"found_by", found_by},
                       {"found_by_more", t.found_by_more},
                       {"open_answers", t.open_answers}});
  }
  return json{{"ghostport_scan_report", 1},
              {"capture",
               {{"file", meta.capture_file},
                {"first", st.flows > 0 ? json(iso_time(st.first)) : json(nullptr)},
                {"last", st.flows > 0 ? json(iso_time(st.last)) : json(nullptr)},
                {"duration_s", static_cast<double>(st.last - st.first) / 1e9},
                {"registry", meta.registry_source}}},
              {"summary",
               {{"flows", st.flows},
                {"probes", st.probes},
                {"sessions", st.sessions},
                {"ignored_flows", st.ignored},
                {"sources_seen", st.sources_seen},
                {"sources_probing", sources_with_probes},
                {"scanners", scanners.size()},
                {"episodes", episodes.size()},
                {"research_episodes", research},
                {"episodes_dropped", st.episodes_dropped},
                {"distributed_networks", networks.size()},
                {"sources_evicted", st.sources_evicted},
                {"scanners_dropped", st.scanners_dropped},
                {"ports_probed", d.ports().size()},
                {"targets_answering", targets.size()},
                {"targets_untracked", st.targets_untracked},
                {"ports_untracked", st.ports_untracked},                // probes past max_ports_tracked
                {"port_counts_estimated", st.port_counts_estimated}}},  // port_bitmaps spent
              {"config",
               {{"ports_threshold", c.ports_threshold},
                {"hosts_threshold", c.hosts_threshold},
                {"window_s", c.window_s},
                {"crafted_probes_threshold", c.crafted_probes_threshold},
                {"crafted_min_pairs", c.crafted_min_pairs},
                {"backscatter_hosts_threshold", c.backscatter_hosts_threshold},
                {"episode_quiet_s", c.episode_quiet_s},
                {"max_sources", c.max_sources},
                {"exact_limit", c.exact_limit},
                {"port_bitmaps", c.port_bitmaps},
                {"hll_precision", c.hll_precision}}},
              {"timeline",
               {{"origin", st.flows > 0 ? json(iso_time(st.timeline_origin)) : json(nullptr)},
                {"bucket_seconds", static_cast<double>(st.bucket_width) / 1e9},
                {"probes", st.timeline}}},
              {"targets", targets},
              {"episodes", episodes},
              {"scanners", scanners},
              {"networks", networks},
              {"ports", ports},
              {"limits",
               {{"top_ports", meta.top_ports}, {"top_scanners", meta.top_scanners}, {"heat_ports", meta.heat_ports}}}};
}

nlohmann::json scan_chains_json(const std::vector<ScanChain>& chains) {
  nlohmann::json out = nlohmann::json::array();
  const auto iso = [](TimeNs t) { return nlohmann::ordered_json(iso_time(t)); };
  for (const ScanChain& c : chains) out.push_back(nlohmann::json(scan_chain_json(c, iso)));
  return out;
}

}  // namespace gp::report::html
