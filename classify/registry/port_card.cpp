#include "classify/registry/port_card.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "common/terminal_text.hpp"

namespace gp::registry {

namespace {

std::string or_dash(const std::string& s) { return s.empty() ? "-" : s; }

void append_unique(std::string& list, const std::string& item) {
  if (item.empty()) return;
  if (list.empty()) {
    list = item;
  } else if (list.find(item) == std::string::npos) {
    list += ", " + item;
  }
}

std::string csv_escape(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string port_class_of(std::uint16_t port) {
  if (kSystemPorts.contains(port)) return "system (0-1023)";
  if (kRegisteredPorts.contains(port)) return "registered (1024-49151)";
  return "dynamic (49152-65535)";
}

}  // namespace

PortView describe(const PortRegistry& reg, std::uint16_t port, Transport t) {
  PortView v;
  v.port = port;
  v.transport = t;
  v.standing = reg.standing(port, t);
  v.status = reg.registry_status(port, t);
  v.registry_layer = reg.inputs().iana ? Layer::iana : Layer::system_services;
  v.observed_frequency = reg.observed_frequency(port, t);
  v.orphan_threshold = reg.orphan_threshold(t);
  v.port_class = port_class_of(port);
  std::uint32_t narrowest = 0x20000;
  for (const FactRef& f : reg.facts(port, t)) {
    switch (f.layer) {
      case Layer::iana: {
        const auto& r = reg.iana(f.index);
        if (r.kind == IanaKind::assigned) {
          append_unique(v.name, r.service);
          append_unique(v.description, r.description);
          append_unique(v.assignee, r.assignee);
          append_unique(v.contact, r.contact);
          append_unique(v.registration_date, r.registration_date);
          append_unique(v.modification_date, r.modification_date);
          append_unique(v.reference, r.reference);
        } else if (r.ports.size() < narrowest) {
          narrowest = r.ports.size();
          v.registry_range = fmt::format("{} {}", r.description, to_string(r.ports));
        }
        break;
      }
      case Layer::system_services: {
        const auto& e = reg.system_service(f.index);
        if (e.name == "unknown") break;
        append_unique(v.name, e.name);
        append_unique(v.description, e.comment);
        break;
      }
      case Layer::observed: v.observed_name = reg.observed(f.index).name; break;
      case Layer::folklore: v.folklore.push_back(&reg.folklore(f.index)); break;
      case Layer::site:
        if (f.site_note) {
          v.site_notes.push_back(&reg.site_note(f.index));
        } else {
          v.site_applications.push_back(&reg.site_application(f.index));
        }
        break;
    }
  }
  v.evidence = reg.evidence(port, t);
  v.previous_assigned = reg.previous_assigned(port, t);
  v.next_assigned = reg.next_assigned(port, t);
  if (v.previous_assigned) v.previous_name = reg.registered_name(*v.previous_assigned, t);
  if (v.next_assigned) v.next_name = reg.registered_name(*v.next_assigned, t);
  return v;
}

std::string render_card(const PortView& v) {
  std::string out;
  auto line = [&](std::string_view label, const std::string& value) {
    out += fmt::format("  {:<13}{}\n", label, printable(value));  // file text: one line, no escapes
  };
  out += fmt::format("Port {}/{}{}\n", v.port, to_string(v.transport),
                     v.name.empty() ? "" : fmt::format(" — {}", printable(v.name)));
  line("Standing", std::string(to_string(v.standing)));
  line("Registry", fmt::format("{} ({})", to_string(v.status), to_string(v.registry_layer)));
  line("Name", or_dash(v.name));
  line("Description", or_dash(v.description));
  line("Assignee", or_dash(v.assignee));
  line("Contact", or_dash(v.contact));
  line("Registered", v.registration_date.empty() ? std::string("- (no date in the registry)") : v.registration_date);
  if (!v.modification_date.empty()) line("Modified", v.modification_date);
  line("Observed", v.observed_frequency ? fmt::format("{:.6f} of hosts open ({:.4f}%), nmap name '{}'; orphan "
                                                      "threshold {:.6f}",
                                                      *v.observed_frequency, *v.observed_frequency * 100.0,
                                                      v.observed_name, v.orphan_threshold)
                                        : std::string("- (no observed-usage data)"));
  std::string context = v.port_class;
  if (!v.registry_range.empty()) context += fmt::format("; inside {}", v.registry_range);
  line("Range", context);
  line("Neighbours",
       fmt::format(
           "{} | {}",
           v.previous_assigned ? fmt::format("below: {} {}", *v.previous_assigned, v.previous_name)
                               : std::string("below: none"),
           v.next_assigned ? fmt::format("above: {} {}", *v.next_assigned, v.next_name) : std::string("above: none")));
  out += "  Folklore\n";
  if (v.folklore.empty()) out += "    -\n";
  for (const auto* f : v.folklore) {
    out += fmt::format("    [{}] {}{}{}\n", to_string(f->kind), printable(f->name),
                       f->vendor.empty() ? "" : fmt::format(" (vendor: {})", printable(f->vendor)),
                       f->ended.empty() ? "" : fmt::format(", ended {}", printable(f->ended)));
    if (!f->note.empty()) out += fmt::format("      {}\n", printable(f->note));
    out += fmt::format("      source: {} ({})\n", printable(f->source), printable(f->date));
  }
  out += "  Site\n";
  if (v.site_applications.empty() && v.site_notes.empty()) out += "    -\n";
  for (const auto* a : v.site_applications) {
    std::string nets;
    for (const auto& n : a->networks) nets += (nets.empty() ? "" : ", ") + n.to_string();
    out += fmt::format("    application '{}' on {}{}\n", printable(a->name), nets.empty() ? "any network" : nets,
                       a->note.empty() ? "" : " — " + printable(a->note));
  }
  for (const auto* n : v.site_notes) out += fmt::format("    note: {}\n", printable(n->text));
  out += "  Evidence\n";
  for (const auto& e : v.evidence) out += fmt::format("    [{}] {}\n", to_string(e.layer), printable(e.text));
  return out;
}

nlohmann::json to_json(const PortView& v) {
  auto str_or_null = [](const std::string& s) -> nlohmann::json {
    return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
  };
  nlohmann::json j;
  j["port"] = v.port;
  j["transport"] = to_string(v.transport);
  j["standing"] = to_string(v.standing);
  j["registry"] = {{"status", to_string(v.status)},
                   {"layer", to_string(v.registry_layer)},
                   {"name", str_or_null(v.name)},
                   {"description", str_or_null(v.description)},
                   {"assignee", str_or_null(v.assignee)},
                   {"contact", str_or_null(v.contact)},
                   {"registration_date", str_or_null(v.registration_date)},
                   {"modification_date", str_or_null(v.modification_date)},
                   {"range", str_or_null(v.registry_range)}};
  j["observed"] = {
      {"open_frequency", v.observed_frequency ? nlohmann::json(*v.observed_frequency) : nlohmann::json(nullptr)},
      {"nmap_name", str_or_null(v.observed_name)},
      {"orphan_threshold", v.orphan_threshold}};
  j["folklore"] = nlohmann::json::array();
  for (const auto* f : v.folklore) {
    j["folklore"].push_back({{"layer", "folklore"},
                             {"kind", to_string(f->kind)},
                             {"name", f->name},
                             {"vendor", str_or_null(f->vendor)},
                             {"ended", str_or_null(f->ended)},
                             {"note", str_or_null(f->note)},
                             {"source", f->source},
                             {"date", f->date}});
  }
  j["site"] = nlohmann::json::array();
  for (const auto* a : v.site_applications) {
    nlohmann::json nets = nlohmann::json::array();
    for (const auto& n : a->networks) nets.push_back(n.to_string());
    j["site"].push_back(
        {{"layer", "site"}, {"application", a->name}, {"networks", nets}, {"note", str_or_null(a->note)}});
  }
  for (const auto* n : v.site_notes) j["site"].push_back({{"layer", "site"}, {"note", n->text}});
  j["evidence"] = nlohmann::json::array();
  for (const auto& e : v.evidence) j["evidence"].push_back({{"layer", to_string(e.layer)}, {"text", e.text}});
  j["range_context"] = {
      {"class", v.port_class},
      {"previous_assigned", v.previous_assigned
                                ? nlohmann::json({{"port", *v.previous_assigned}, {"name", v.previous_name}})
                                : nlohmann::json(nullptr)},
      {"next_assigned", v.next_assigned ? nlohmann::json({{"port", *v.next_assigned}, {"name", v.next_name}})
                                        : nlohmann::json(nullptr)}};
  return j;
}

std::string csv_header() {
  return "port,transport,standing,name,description,assignee,registration_date,observed_frequency";
}

std::string to_csv_row(const PortView& v) {
  return fmt::format("{},{},{},{},{},{},{},{}", v.port, to_string(v.transport), to_string(v.standing),
                     csv_escape(v.name), csv_escape(v.description), csv_escape(v.assignee),
                     csv_escape(v.registration_date),
                     v.observed_frequency ? fmt::format("{:.6f}", *v.observed_frequency) : "");
}

}  // namespace gp::registry
