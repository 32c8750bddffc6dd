// The scan report as one self-contained HTML page, rendered from the report JSON. Every
// string is escaped, ours included: the JSON carries capture-controlled text (payload
// samples, the file name) and escaping all of it leaves no path to forget one.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "classify/scan/scan_episode_json.hpp"
#include "report/html/html_escape.hpp"
#include "report/html/scan_report.hpp"
#include "report/html/svg_chart.hpp"

namespace gp::report::html {
namespace {

using nlohmann::json;

constexpr const char* kStyle = R"(
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;color:#222;margin:24px;max-width:1300px}
h1{font-size:22px;margin:0 0 4px} h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.sub{color:#666} .cards{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0}
.card{border:1px solid #ddd;border-radius:6px;padding:8px 14px;min-width:110px}
.card b{display:block;font-size:22px} table{border-collapse:collapse;margin:6px 0}
th,td{border-bottom:1px solid #eee;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f6f6f6} td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.orphaned td{background:#fde7df} .tag{display:inline-block;border-radius:3px;padding:0 5px;font-size:12px;background:#eef}
.tag.orphaned{background:#d0451b;color:#fff} .tag.scan{background:#3b6fb6;color:#fff}
.tag.research{background:#4a8a4a;color:#fff}
code{font-size:12px;background:#f4f4f4;padding:1px 3px;word-break:break-all}
td code{white-space:nowrap;word-break:normal}
svg .lbl{font-size:11px;fill:#333} svg .val{font-size:10px;fill:#555}
.note{color:#666;font-size:12px}
)";

std::string e(const json& v) {
  if (v.is_string()) return escape(v.get<std::string>());
  if (v.is_null()) return "-";
  if (v.is_number_float()) return escape(fmt::format("{:.2f}", v.get<double>()));
  return escape(v.dump());
}

std::string standing_tag(const json& standing) {
  if (standing.is_null()) return "-";
  const std::string s = standing.get<std::string>();
  return fmt::format(R"(<span class="tag {}">{}</span>)", s == "orphaned" ? "orphaned" : "", escape(s));
}

std::string tools_text(const json& tools) {
  std::string out;
  for (const auto& [name, n] : tools.items()) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{} {}", escape(name), n.get<std::uint64_t>());
  }
  return out.empty() ? "-" : out;
}

std::string summary_section(const json& r) {
  const auto& s = r["summary"];
  std::string out = R"(<div class="cards">)";
  const std::pair<const char*, const char*> cards[] = {{"episodes", "scans"},
                                                       {"scanners", "scanners"},
                                                       {"distributed_networks", "distributed /24s"},
                                                       {"probes", "probes"},
                                                       {"flows", "flows"},
                                                       {"sessions", "sessions"},
                                                       {"ports_probed", "ports probed"},
                                                       {"sources_seen", "sources"},
                                                       {"sources_evicted", "sources evicted"}};
  for (const auto& [key, label] : cards) out += fmt::format(R"(<div class="card"><b>{}</b>{}</div>)", e(s[key]), label);
  // A cap that was hit is said where it is read (scan_config.hpp port_bitmaps).
  if (s.value("port_counts_estimated", 0) > 0) {
    out += fmt::format(R"(<div class="card"><b>{}</b>port counts estimated (port_bitmaps spent)</div>)",
                       e(s["port_counts_estimated"]));
  }
  out += "</div>";
  return out;
}

std::string duration(const json& seconds) { return escape(scan::human_duration(seconds.get<double>())); }

// Which of our hosts answered, on which ports, and who found them: what is asked first.
std::string targets_section(const json& r) {
  std::string out =
      R"(<h2 id="targets">Targets that answered</h2><p class="note">Hosts that answered a probe as open (SYN-ACK, a UDP reply), their open ports with the registry standing, and the sources whose probes found them.</p>)";
  if (r["targets"].empty()) return out + R"(<p class="note">No probed host answered.</p>)";
  out += R"(<table class="targets"><tr><th>host</th><th>open ports</th><th>found by</th></tr>)";
  for (const auto& t : r["targets"]) {
    std::string open;
    for (const auto& svc : t["open_ports"]) {
      const bool orphaned = svc["standing"].is_string() && svc["standing"] == "orphaned";
      // The standing through fmt, not `" " + escape(...)`: GCC 12 at -O3 warns (-Wrestrict) on that.
      const std::string standing = svc["standing"].is_string() ? escape(svc["standing"].get<std::string>()) : "";
      open += fmt::format(R"(<span class="tag {}">{}/{}{}{}</span> )", orphaned ? "orphaned" : "", e(svc["port"]),
                          e(svc["transport"]), standing.empty() ? "" : " ", standing);
    }
    std::string found;
    for (const auto& s : t["found_by"]) {
      found += fmt::format("<code>{}</code>", e(s["address"]));
      if (s["scanner"].get<bool>()) found += fmt::format(R"( <span class="tag scan">{}</span>)", e(s["tool"]));
      if (s["known_scanner"].is_string())
        found += fmt::format(R"( <span class="tag research">{}</span>)", e(s["known_scanner"]));
      found += " ";
    }
    if (t["found_by_more"].get<std::uint64_t>() > 0) found += fmt::format("(+{} more)", e(t["found_by_more"]));
    out += fmt::format(R"(<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>)", e(t["address"]), open, found);
  }
  return out + "</table>";
}

std::string known_tag(const json& s) {
  if (!s["known_scanner"].is_string()) return "";
  return fmt::format(R"( <span class="tag research" title="{}">{}</span>)", e(s["known_kind"]), e(s["known_scanner"]));
}

// One row per scan: a scanner's run of probes from its first to its last, ended by a quiet
// period (or the end of the capture).
std::string episodes_section(const json& r) {
  std::string out = fmt::format(
      R"(<h2 id="scans">Scans</h2><p class="note">One row per scan: a source's probes until it was quiet for {:.0f} s. Listed research and search-engine scanners are marked; the rest are unknown scanners.</p>)",
      r["config"]["episode_quiet_s"].get<double>());
  out += R"(<table class="scans"><tr><th>#</th><th>source</th><th>start</th><th>duration</th><th>type</th><th>tool</th>
<th>probes</th><th>ports</th><th>hosts</th><th>probes/s</th><th>open</th><th>closed</th><th>unreachable</th><th>unanswered</th><th>ended</th></tr>)";
  for (const auto& ep : r["episodes"]) {
    const bool ports_exact = ep["ports_exact"].get<bool>();
    const bool hosts_exact = ep["hosts_exact"].get<bool>();
    const auto& a = ep["answered"];
    out += fmt::format(
        R"(<tr><td class="n">{}</td><td><code>{}</code>{}</td><td>{}</td><td class="n">{}</td><td><span class="tag scan">{}</span></td><td>{}</td><td class="n">{}</td><td class="n">{}{}</td><td class="n">{}{}</td><td class="n">{:.1f}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td>{}</td></tr>)",
        e(ep["id"]), e(ep["source"]), known_tag(ep), e(ep["start"]), duration(ep["duration_s"]), e(ep["type"]),
        e(ep["tool"]), e(ep["probes"]), ports_exact ? "" : "≈", e(ep["ports"]), hosts_exact ? "" : "≈", e(ep["hosts"]),
        ep["probes_per_second"].get<double>(), e(a["open"]), e(a["closed"]), e(a["unreachable"]), e(a["unanswered"]),
        e(ep["ended_by"]));
  }
  out += "</table>";
  if (r["episodes"].empty()) out += R"(<p class="note">No scan in this capture.</p>)";
  return out;
}

std::string scanners_section(const json& r) {
  std::string out = R"(<h2 id="scanners">Top scanners</h2><table class="scanners"><tr><th>source</th><th>type</th>
<th>tool</th><th>technique</th><th>probes</th><th>ports</th><th>hosts</th><th>probes/s</th><th>unanswered</th>
<th>first seen</th><th>duration</th><th>tools seen</th></tr>)";
  for (const auto& s : r["scanners"]) {
    out += fmt::format(
        R"(<tr><td><code>{}</code>{}</td><td><span class="tag scan">{}</span></td><td><b>{}</b></td><td>{}</td><td class="n">{}</td><td class="n">{}{}</td><td class="n">{}{}</td><td class="n">{:.1f}</td><td class="n">{:.0f}%</td><td>{}</td><td class="n">{}</td><td>{}</td></tr>)",
        e(s["address"]), known_tag(s), e(s["type"]), e(s["tool"]), e(s["technique"]), e(s["probes"]),
        s["ports_exact"].get<bool>() ? "" : "≈", e(s["distinct_ports"]), s["hosts_exact"].get<bool>() ? "" : "≈",
        e(s["distinct_hosts"]), s["probes_per_second"].get<double>(), 100.0 * s["unanswered_ratio"].get<double>(),
        e(s["first"]), duration(s["duration_s"]), tools_text(s["tools"]));
  }
  out += "</table>";
  if (r["scanners"].empty()) out += R"(<p class="note">No source crossed the scan thresholds.</p>)";
  for (const auto& s : r["scanners"]) {
    if (s["tool"] == "unknown" && !s["unknown_fields"].get<std::string>().empty()) {
      out += fmt::format(R"(<p class="note">{}: unknown tool, first segment <code>{}</code></p>)", e(s["address"]),
                         e(s["unknown_fields"]));
    }
  }
  if (!r["networks"].empty()) {
    out +=
        R"(<h3>Distributed scans (no member scans alone)</h3><table><tr><th>network</th><th>members</th><th>type</th><th>probes</th><th>ports</th><th>hosts</th></tr>)";
    for (const auto& n : r["networks"]) {
      out += fmt::format(
          R"(<tr><td><code>{}/{}</code></td><td class="n">{}</td><td>{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td></tr>)",
          e(n["address"]), e(n["prefix_len"]), e(n["members"]), e(n["type"]), e(n["probes"]), e(n["distinct_ports"]),
          e(n["distinct_hosts"]));
    }
    out += "</table>";
  }
  return out;
}

std::string port_label(const json& p) {
  return fmt::format("{}/{}", p["port"].get<int>(), p["transport"].get<std::string>());
}

std::string ports_section(const json& r) {
  std::vector<Bar> bars;
  for (const auto& p : r["ports"]) {
    bars.push_back(Bar{port_label(p), static_cast<double>(p["probes"].get<std::uint64_t>()),
                       p["standing"].is_string() && p["standing"] == "orphaned"});
  }
  std::string out =
      R"(<h2 id="ports">Ports most probed</h2><p class="note">Orphaned ports (registered to software nobody runs) in red. Ports that answered open are always listed, whatever their rank.</p>)";
  out += bar_chart(bars);
  out +=
      R"(<table class="ports"><tr><th>port</th><th>standing</th><th>probes</th><th>from scanners</th><th>sources</th><th>busiest scanner</th><th>open</th><th>closed</th><th>unreachable</th><th>unanswered</th></tr>)";
  for (const auto& p : r["ports"]) {
    const auto& o = p["outcomes"];
    const bool orphaned = p["standing"].is_string() && p["standing"] == "orphaned";
    out += fmt::format(
        R"(<tr class="{}"><td>{}</td><td>{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td><code>{}</code></td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td></tr>)",
        orphaned ? "orphaned" : "", escape(port_label(p)), standing_tag(p["standing"]), e(p["probes"]),
        e(p["scanner_flows"]), e(p["distinct_sources"]), e(p["busiest_scanner"]), e(o["open"]), e(o["closed"]),
        e(o["unreachable"]), e(o["unanswered"]));
  }
  out += "</table>";
  return out;
}

std::string timeline_section(const json& r) {
  const std::size_t top = r["limits"]["top_scanners"].get<std::size_t>();
  std::vector<Series> series;
  std::vector<std::uint64_t> rest;
  for (const auto& v : r["timeline"]["probes"]) rest.push_back(v.get<std::uint64_t>());
  for (const auto& s : r["scanners"]) {
    if (series.size() >= std::min<std::size_t>(top, 6)) break;
    Series one{s["address"].get<std::string>(), s["timeline"].get<std::vector<std::uint32_t>>()};
    for (std::size_t i = 0; i < one.values.size() && i < rest.size(); ++i)
      rest[i] -= std::min<std::uint64_t>(rest[i], one.values[i]);
    series.push_back(std::move(one));
  }
  Series other{"others", {}};
  for (auto v : rest) other.values.push_back(static_cast<std::uint32_t>(v));
  series.push_back(std::move(other));
  std::string out =
      fmt::format(R"(<h2 id="timeline">Timeline of probes</h2><p class="note">From {} in buckets of {:.0f} s.</p>)",
                  e(r["timeline"]["origin"]), r["timeline"]["bucket_seconds"].get<double>());
  out += stacked_timeline(series, r["timeline"]["bucket_seconds"].get<double>());
  return out;
}

std::string heat_section(const json& r) {
  const std::size_t top = r["limits"]["top_scanners"].get<std::size_t>();
  const std::size_t heat_ports = r["limits"]["heat_ports"].get<std::size_t>();
  std::vector<std::string> cols;
  for (const auto& s : r["scanners"]) {
    if (cols.size() >= top) break;
    cols.push_back(s["address"].get<std::string>());
  }
  std::vector<std::string> rows;
  std::vector<std::vector<std::uint64_t>> cells;
  for (const auto& p : r["ports"]) {
    if (rows.size() >= heat_ports) break;
    rows.push_back(port_label(p));
    std::vector<std::uint64_t> row(cols.size(), 0);
    for (const auto& src : p["sources"]) {
      const auto it = std::find(cols.begin(), cols.end(), src["address"].get<std::string>());
      if (it != cols.end()) row[static_cast<std::size_t>(it - cols.begin())] = src["probes"].get<std::uint64_t>();
    }
    cells.push_back(std::move(row));
  }
  std::string out =
      R"(<h2 id="heat">Port × scanner</h2><p class="note">Probes per port from each scanner (log colour scale).</p>)";
  if (cols.empty() || rows.empty()) return out + R"(<p class="note">No scanner.</p>)";
  return out + heat_map(rows, cols, cells);
}

std::string answers_section(const json& r) {
  std::string out =
      R"(<h2 id="answers">What answered</h2><table class="answers"><tr><th>scanner</th><th>open</th><th>closed</th><th>unreachable</th><th>unanswered</th><th>services found open</th><th>first payload sent</th></tr>)";
  for (const auto& s : r["scanners"]) {
    std::string open;
    for (const auto& svc : s["open_services"]) {
      const bool orphaned = svc["standing"].is_string() && svc["standing"] == "orphaned";
      // Not `" " + escape(...)`: GCC 12 at -O3 warns (-Wrestrict) on that operator+ inlined.
      const std::string standing = svc["standing"].is_string() ? escape(svc["standing"].get<std::string>()) : "";
      open += fmt::format(R"(<span class="tag {}">{}/{} ×{}{}{}</span> )", orphaned ? "orphaned" : "", e(svc["port"]),
                          e(svc["transport"]), e(svc["hosts"]), standing.empty() ? "" : " ", standing);
    }
    const auto& o = s["outcomes"];
    // Escaped text (\xNN for what is not printable) with the bytes in hex underneath.
    const std::string payload =
        s["first_payload"].get<std::string>().empty()
            ? std::string("-")
            : fmt::format(R"(<code>{}</code><details><summary>hex</summary><code>{}</code></details>)",
                          e(s["first_payload"]), e(s["first_payload_hex"]));
    out += fmt::format(
        R"(<tr><td><code>{}</code></td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td>{}</td><td>{}</td></tr>)",
        e(s["address"]), e(o["open"]), e(o["closed"]), e(o["unreachable"]), e(o["unanswered"]),
        open.empty() ? "-" : open, payload);
  }
  out += "</table>";
  return out;
}

// Scans followed by sessions: a scanner that later held a session on a port its scan found.
std::string chains_section(const json& r) {
  if (!r.contains("scan_chains")) return "";
  std::string out =
      R"(<h2 id="chains">Scans followed by sessions</h2><p class="note">A scanner that later held a session with data on a port that answered its probes: a shell, an upload, an exploit. Look at these first.</p>)";
  if (r["scan_chains"].empty()) return out + R"(<p class="note">No scanner held a session on a port it found.</p>)";
  out +=
      R"(<table class="chains"><tr><th>scanner</th><th>server</th><th>port</th><th>sent</th><th>received</th><th>what happened</th></tr>)";
  for (const auto& c : r["scan_chains"]) {
    out += fmt::format(
        R"(<tr><td><code>{}</code></td><td><code>{}</code></td><td>{}/{}</td><td class="n">{}</td><td class="n">{}</td><td>{}</td></tr>)",
        e(c["client"]), e(c["server"]), e(c["port"]), e(c["transport"]), e(c["client_bytes"]), e(c["server_bytes"]),
        e(c["reason"]));
  }
  return out + "</table>";
}

}  // namespace

std::string render_scan_report_html(const json& r) {
  std::string out = R"(<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">)";
  out +=
      R"(<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">)";
  out += fmt::format("<title>ghostport scan report: {}</title><style>{}</style></head><body>", e(r["capture"]["file"]),
                     kStyle);
  out += fmt::format(R"(<h1>Scan report</h1><div class="sub"><code>{}</code> · {} → {} ({}) · registry: {}</div>)",
                     e(r["capture"]["file"]), e(r["capture"]["first"]), e(r["capture"]["last"]),
                     duration(r["capture"]["duration_s"]),
                     r["capture"]["registry"].get<std::string>().empty() ? "none" : e(r["capture"]["registry"]));
  out += summary_section(r);
  out += chains_section(r);
  out += targets_section(r);
  out += episodes_section(r);
  out += scanners_section(r);
  out += timeline_section(r);
  out += ports_section(r);
  out += heat_section(r);
  out += answers_section(r);
  const auto& c = r["config"];
  out += fmt::format(
      R"(<p class="note">Thresholds: {} ports or {} hosts probed within {:.0f} s (Zeek scan.zeek: 15 ports / 25 hosts in 5 min); or {} crafted probes on {} targets; backscatter to {} hosts. ≈ marks counts estimated by HyperLogLog (precision {}). Generated by ghostport scan-report.</p>)",
      e(c["ports_threshold"]), e(c["hosts_threshold"]), c["window_s"].get<double>(), e(c["crafted_probes_threshold"]),
      e(c["crafted_min_pairs"]), e(c["backscatter_hosts_threshold"]), e(c["hll_precision"]));
  out += "</body></html>\n";
  return out;
}

}  // namespace gp::report::html
