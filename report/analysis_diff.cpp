#include "report/analysis_diff.hpp"

#include "report/analysis_render.hpp"
#include "common/file_text.hpp"
#include "common/terminal_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace gp::report {
namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;
using PortKey = std::pair<std::string, int>;  // (transport, port): tcp before udp, then by number

std::string text_of(const json& v) { return v.is_string() ? v.get<std::string>() : std::string("-"); }
// Text from the input JSON on its way to the terminal table (terminal_text.hpp).
std::string shown(const json& v) { return printable(text_of(v)); }
std::uint64_t count_of(const json& v) {
  return v.is_number_unsigned() || v.is_number_integer() ? v.get<std::uint64_t>() : 0;
}

bool orphan_like(const std::string& standing) {
  return standing == "orphaned" || standing == "unofficial" || standing == "unassigned";
}

std::map<PortKey, const json*> ports_of(const json& doc) {
  std::map<PortKey, const json*> out;
  if (!doc.contains("ports") || !doc["ports"].is_array()) return out;
  for (const json& p : doc["ports"]) {
    if (!p.is_object() || !p.contains("port") || !p["port"].is_number()) continue;
    out[{text_of(p.value("transport", json())), p["port"].get<int>()}] = &p;
  }
  return out;
}

// Scan sources with their episodes folded together, in order of first appearance.
struct ScannerSum {
  std::uint64_t scans = 0, probes = 0, ports = 0, hosts = 0;
  const json* first = nullptr;
};

std::vector<std::pair<std::string, ScannerSum>> scanners_of(const json& doc) {
  std::vector<std::pair<std::string, ScannerSum>> out;
  if (!doc.contains("scans") || !doc["scans"].is_array()) return out;
  for (const json& s : doc["scans"]) {
    if (!s.is_object() || !s.contains("source") || !s["source"].is_string()) continue;
    const std::string source = s["source"].get<std::string>();
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& e) { return e.first == source; });
    if (it == out.end()) {
      out.emplace_back(source, ScannerSum{});
      it = std::prev(out.end());
      it->second.first = &s;
    }
    ++it->second.scans;
    it->second.probes += count_of(s.value("probes", json()));
    it->second.ports = std::max(it->second.ports, count_of(s.value("ports", json())));
    it->second.hosts = std::max(it->second.hosts, count_of(s.value("hosts", json())));
  }
  return out;
}

ojson port_summary(const json& p) {
  return ojson{{"port", p["port"]},
               {"transport", p.value("transport", json())},
               {"service", p.value("service", json())},
               {"standing", p.value("standing", json())},
               {"label", p.value("label", json())},
               {"flows", p.value("flows", json())},
               {"clients", p.value("clients", json())},
               {"reason", p.value("reason", json())}};
}

}  // namespace

std::optional<json> load_analysis_json(const std::string& path, std::string& why) {
  // Each check says what is wrong; the caller prints it.
  const auto fail = [&why](std::string message) -> std::optional<json> {
    why = std::move(message);
    return std::nullopt;
  };
  json out;
  std::string read_error;
  const auto text = read_file_text(path, read_error);
  if (!text) return fail(fmt::format("cannot read '{}': {}", path, read_error));
  try {
    out = json::parse(*text);
  } catch (const json::parse_error& e) {
    return fail(
        fmt::format("'{}' is not JSON ({}); diff reads the output of `ghostport analyze -F json`", path, e.what()));
  }
  if (out.is_object() && out.contains("ghostport_scan_report")) {
    return fail(
        fmt::format("'{}' is a scan report (ghostport scan-report -F json), not an analyze result: diff compares two "
                    "outputs of `ghostport analyze -F json`",
                    path));
  }
  if (!out.is_object() || !out.contains("ports") || !out["ports"].is_array()) {
    return fail(fmt::format("'{}' has no \"ports\" array: diff reads the output of `ghostport analyze -F json`", path));
  }
  // Every port as analyze writes it: a number, a transport, a label and a standing. Anything
  // else would be compared as "-" and reported as changes that never happened.
  const json& ports = out["ports"];
  for (std::size_t i = 0; i < ports.size(); ++i) {
    const json& p = ports[i];
    const bool valid = p.is_object() && p.contains("port") && p["port"].is_number_unsigned() &&
                       p["port"].get<std::uint64_t>() <= 65535 && p.contains("transport") &&
                       p["transport"].is_string() && p.contains("label") && p["label"].is_string() &&
                       p.contains("standing") && p["standing"].is_string();
    if (!valid) {
      return fail(
          fmt::format("'{}': ports[{}] is not a port of `ghostport analyze -F json` (it needs \"port\", "
                      "\"transport\", \"label\" and \"standing\"): {:.80}",
                      path, i, p.dump()));
    }
  }
  if (out.contains("scans") && !out["scans"].is_array()) {
    return fail(
        fmt::format("'{}': \"scans\" is not an array: diff reads the output of `ghostport analyze -F json`", path));
  }
  return out;
}

ojson diff_analyses(const json& old_doc, const json& new_doc) {
  const auto old_ports = ports_of(old_doc);
  const auto new_ports = ports_of(new_doc);
  ojson changed = ojson::array();
  ojson added = ojson::array();
  ojson quiet = ojson::array();
  for (const auto& [key, np] : new_ports) {
    const auto it = old_ports.find(key);
    const std::string label = text_of(np->value("label", json()));
    const std::string standing = text_of(np->value("standing", json()));
    if (it == old_ports.end()) {
      if (orphan_like(standing) && rules::parse_label(label) != rules::Label::scanner_noise &&
          count_of(np->value("flows", json())) > 0) {
        added.push_back(port_summary(*np));
      }
      continue;
    }
    const json& op = *it->second;
    const std::string old_label = text_of(op.value("label", json()));
    const std::string old_standing = text_of(op.value("standing", json()));
    if (label == old_label && standing == old_standing) continue;
    ojson what = ojson::array();
    if (label != old_label) what.push_back("label");
    if (standing != old_standing) what.push_back("standing");
    changed.push_back(
        ojson{{"port", key.second},
              {"transport", key.first},
              {"service", np->value("service", json())},
              {"changed", what},
              {"old", {{"label", old_label}, {"standing", old_standing}, {"flows", op.value("flows", json())}}},
              {"new", {{"label", label}, {"standing", standing}, {"flows", np->value("flows", json())}}},
              {"reason", np->value("reason", json())}});
  }
  for (const auto& [key, op] : old_ports) {
    if (new_ports.contains(key) ||
        rules::parse_label(text_of(op->value("label", json()))) == rules::Label::scanner_noise)
      continue;
    quiet.push_back(port_summary(*op));
  }
  std::set<std::string> old_sources;
  for (const auto& [source, sum] : scanners_of(old_doc)) old_sources.insert(source);
  ojson scanners = ojson::array();
  for (const auto& [source, sum] : scanners_of(new_doc)) {
    if (old_sources.contains(source)) continue;
    const json& s = *sum.first;
    scanners.push_back(ojson{{"source", source},
                             {"scans", sum.scans},
                             {"start", s.value("start", json())},
                             {"type", s.value("type", json())},
                             {"tool", s.value("tool", json())},
                             {"probes", sum.probes},
                             {"ports", sum.ports},
                             {"hosts", sum.hosts},
                             {"known_scanner", s.value("known_scanner", json())},
                             {"benign_research", s.value("benign_research", false)}});
  }
  return ojson{{"changed", changed}, {"new_ports", added}, {"new_scanners", scanners}, {"quiet_ports", quiet}};
}

bool diff_has_changes(const ojson& diff) {
  for (const char* key : {"changed", "new_ports", "new_scanners", "quiet_ports"}) {
    if (diff.contains(key) && !diff[key].empty()) return true;
  }
  return false;
}

std::string render_diff_table(const ojson& diff, const std::string& old_name, const std::string& new_name) {
  std::string out = fmt::format("CHANGES: {} -> {}: {} changed, {} new orphan-like, {} new scanners, {} went quiet\n",
                                printable(old_name), printable(new_name), diff["changed"].size(),
                                diff["new_ports"].size(), diff["new_scanners"].size(), diff["quiet_ports"].size());
  const auto port_text = [](const ojson& p) {
    return fmt::format("{}/{}", p["port"].get<int>(), shown(p["transport"]));
  };
  const auto none = [&out](const ojson& list) {
    if (list.empty()) out += "  none\n";
  };

  out += "\nPORTS WHOSE LABEL OR STANDING CHANGED\n";
  none(diff["changed"]);
  for (const ojson& c : diff["changed"]) {
    const ojson& o = c["old"];
    const ojson& n = c["new"];
    out += fmt::format("{:>11}  {:<18} -> {:<18}  {:<14} -> {:<14}  flows {} -> {}  {}\n", port_text(c),
                       shown(o["label"]), shown(n["label"]), shown(o["standing"]), shown(n["standing"]),
                       count_of(o["flows"]), count_of(n["flows"]), shown(c["reason"]));
  }
  // new_ports holds every orphan-like standing, so the title names all three.
  out += "\nNEW ORPHANED, UNOFFICIAL OR UNASSIGNED PORTS WITH TRAFFIC\n";
  none(diff["new_ports"]);
  for (const ojson& p : diff["new_ports"]) {
    out += fmt::format("{:>11}  {:<14} {:<18} {:>6} flows {:>4} clients  {}\n", port_text(p), shown(p["standing"]),
                       shown(p["label"]), count_of(p["flows"]), count_of(p["clients"]), shown(p["reason"]));
  }
  out += "\nNEW SCANNERS\n";
  none(diff["new_scanners"]);
  for (const ojson& s : diff["new_scanners"]) {
    const std::string known =
        s["known_scanner"].is_string() ? printable(s["known_scanner"].get<std::string>()) + " (benign research)" : "-";
    out += fmt::format("  {:<39} {:<11} {:<8} {:>7} probes {:>6} ports {:>6} hosts {:>3} scans  {}\n",
                       shown(s["source"]), shown(s["type"]), shown(s["tool"]), count_of(s["probes"]),
                       count_of(s["ports"]), count_of(s["hosts"]), count_of(s["scans"]), known);
  }
  out += "\nPORTS THAT WENT QUIET\n";
  none(diff["quiet_ports"]);
  for (const ojson& p : diff["quiet_ports"]) {
    out += fmt::format("{:>11}  {:<14} {:<18} {:>6} flows before\n", port_text(p), shown(p["standing"]),
                       shown(p["label"]), count_of(p["flows"]));
  }
  return out;
}

void add_baseline_changes(std::string& text, const std::string& format, const AnalysisResult& result,
                          const json& baseline, const std::string& baseline_name, const std::string& capture_name) {
  // The whole result, whatever the view asked for (--only-orphaned would make every other
  // port look quiet).
  const json current = json::parse(render_json(result, RenderOptions{}));
  const ojson changes = diff_analyses(baseline, current);
  if (format == "json") {
    ojson doc = ojson::parse(text);
    doc["changes"] = changes;
    text = doc.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
  } else {
    text += '\n';  // not `"\n" + render_diff_table(...)`: GCC 12 at -O3 warns (-Wrestrict) on that
    text += render_diff_table(changes, baseline_name, capture_name);
  }
}

}  // namespace gp::report
