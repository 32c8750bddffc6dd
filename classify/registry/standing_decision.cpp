// The one place a port's standing is decided. Order matters and follows the layers: the
// site overrides everything, RFC 6335's dynamic range overrides the registry, and the
// registry decides between the rest with observed usage and folklore as evidence.
#include <fmt/format.h>

#include "classify/registry/port_registry.hpp"

namespace gp::registry {

namespace {

std::string percent(double f) { return fmt::format("{:.4f}%", f * 100.0); }

}  // namespace

const std::string& PortRegistry::observed_name(std::span<const FactRef> refs) const {
  static const std::string none;
  for (const FactRef& f : refs) {
    if (f.layer == Layer::observed) return observed(f.index).name;
  }
  return none;
}

const FolkloreEntry* PortRegistry::in_use_entry(std::span<const FactRef> refs) const {
  for (const FactRef& f : refs) {
    if (f.layer == Layer::folklore && folklore(f.index).kind == FolkloreKind::in_use) return &folklore(f.index);
  }
  return nullptr;
}

namespace {

std::string iana_line(const IanaRecord& r) {
  if (r.kind != IanaKind::assigned) {
    return fmt::format("IANA line {}: {} {}", r.line, r.description, to_string(r.ports));
  }
  return fmt::format("IANA line {}: '{}' {} (assignee {}, registered {})", r.line, r.service, r.description,
                     r.assignee.empty() ? "none" : r.assignee,
                     r.registration_date.empty() ? "undated" : r.registration_date);
}

}  // namespace

Standing PortRegistry::decide(std::uint16_t port, Transport t, std::vector<Evidence>* why) const {
  auto say = [&](Layer layer, std::string text) {
    if (why) why->push_back({layer, std::move(text)});
  };
  const Slot& s = slot(port, t);
  const auto refs = facts(port, t);

  bool site_known = false;
  for (const FactRef& f : refs) {
    if (f.layer != Layer::site || f.site_note) continue;
    if (!why) return Standing::site_known;
    site_known = true;
    const auto& app = site_application(f.index);
    std::string nets = "any network";
    if (!app.networks.empty()) {
      nets.clear();
      for (const auto& n : app.networks) nets += (nets.empty() ? "" : ", ") + n.to_string();
    }
    say(Layer::site, fmt::format("site says '{}' runs here on {} ({}:{}:{})", app.name, nets, app.where.file,
                                 app.where.line, app.where.column));
  }
  if (site_known) return Standing::site_known;

  if (kDynamicPorts.contains(port)) {
    say(Layer::iana,
        "49152-65535 is the dynamic/private range (RFC 6335 section 6): never "
        "assigned, used for ephemeral client ports");
    return Standing::dynamic;
  }

  const double threshold = threshold_[index(t)];
  const bool have_observed = inputs_->observed.has_value();
  const double freq = s.observed < 0.0 ? 0.0 : s.observed;
  if (why) {
    for (const FactRef& f : refs) {
      if (f.layer == Layer::iana) say(Layer::iana, iana_line(iana(f.index)));
      if (f.layer == Layer::system_services) {
        const auto& e = system_service(f.index);
        say(Layer::system_services,
            fmt::format("{} line {}: '{}' {}", inputs_->system_services->file, e.line, e.name, e.comment));
      }
    }
    if (have_observed) {
      say(Layer::observed, s.observed < 0.0
                               ? fmt::format("absent from {}: never seen open", inputs_->observed->file)
                               : fmt::format("nmap open-frequency {:.6f} ({} of hosts); orphan threshold {:.6f}", freq,
                                             percent(freq), threshold));
    }
  }

  switch (s.status) {
    case RegistryStatus::assigned:
      if (kSystemPorts.contains(port)) {
        // System ports are assigned by IETF review and binding them needs privilege, so an
        // in-house tool rarely squats on one: a quiet system port is not an orphan.
        say(Layer::iana, "system port (0-1023): the orphan test is not applied");
        return Standing::active_service;
      }
      // Internet-wide scans (nmap's frequencies) never see infrastructure behind firewalls:
      // etcd, Kafka, VXLAN. The curated in-use layer says which registrations live on there.
      if (const FolkloreEntry* in_use = in_use_entry(refs)) {
        say(Layer::folklore,
            fmt::format("in use: {}{} ({}, {}); Internet scans rarely find it open, so the "
                        "observed frequency does not make it an orphan",
                        in_use->name, in_use->vendor.empty() ? "" : fmt::format(" ({})", in_use->vendor),
                        in_use->source, in_use->date));
        return Standing::active_service;
      }
      if (!have_observed) {
        say(Layer::observed, "no observed-usage layer: registered ports count as active");
        return Standing::active_service;
      }
      if (freq > threshold) {
        say(Layer::observed, "registered and seen in use above the orphan threshold");
        return Standing::active_service;
      }
      say(Layer::observed, "registered, but seen open at or below the orphan threshold");
      return Standing::orphaned;
    case RegistryStatus::reserved:
    case RegistryStatus::unassigned:
    case RegistryStatus::none: break;
  }

  bool unofficial = false;
  for (const FactRef& f : refs) {
    if (f.layer != Layer::folklore || !claims_use(folklore(f.index).kind)) continue;
    if (!why) return Standing::unofficial;
    const auto& e = folklore(f.index);
    say(Layer::folklore, fmt::format("{} '{}' ({}, {})", to_string(e.kind), e.name, e.source, e.date));
    unofficial = true;
  }
  // Observed use alone makes a port unofficial only where nmap names what it saw: its
  // "unknown" entries carry no attribution, and on UDP they are mostly hosts that answer on
  // every port (thousands of ports at exactly 0.000654 or 0.000518).
  if (have_observed && freq > threshold) {
    const std::string& nmap_name = observed_name(refs);
    if (!nmap_name.empty() && nmap_name != "unknown") {
      say(Layer::observed, fmt::format("not registered, yet nmap finds '{}' open above the "
                                       "orphan threshold",
                                       nmap_name));
      unofficial = true;
    } else {
      say(Layer::observed, "seen open above the orphan threshold, but nmap names nothing here");
    }
  }
  if (unofficial) return Standing::unofficial;
  if (s.status == RegistryStatus::reserved) return Standing::reserved;
  if (s.status == RegistryStatus::none) {
    say(inputs_->iana ? Layer::iana : Layer::system_services,
        fmt::format("no registry row for {}/{}", port, to_string(t)));
  }
  return Standing::unassigned;
}

}  // namespace gp::registry
