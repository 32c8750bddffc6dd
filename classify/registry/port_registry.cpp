#include "classify/registry/port_registry.hpp"

#include <algorithm>

#include "classify/registry/threshold.hpp"

namespace gp::registry {

std::string_view to_string(RegistryStatus s) noexcept {
  switch (s) {
    case RegistryStatus::none: return "none";
    case RegistryStatus::assigned: return "assigned";
    case RegistryStatus::unassigned: return "unassigned";
    case RegistryStatus::reserved: return "reserved";
  }
  return "?";
}

std::uint32_t StandingCounts::total() const {
  std::uint32_t n = 0;
  for (const auto c : by_standing) n += c;
  return n;
}

namespace {

template <typename Fn>
void for_each_cover(PortRange r, TransportSet ts, Fn&& fn) {
  for (const Transport t : kAllTransports) {
    if (!ts.contains(t)) continue;
    for (std::uint32_t p = r.first; p <= r.last; ++p) fn(static_cast<std::uint16_t>(p), t);
  }
}

// Every record of every layer, in layer order, as (ports, transports, ref).
template <typename Fn>
void for_each_record(const RegistryInputs& in, Fn&& fn) {
  auto idx = [](std::size_t i) { return static_cast<std::uint32_t>(i); };
  if (in.iana) {
    for (std::size_t i = 0; i < in.iana->records.size(); ++i) {
      const auto& r = in.iana->records[i];
      fn(r.ports, r.transports, FactRef{Layer::iana, false, idx(i)});
    }
  }
  if (in.system_services) {
    for (std::size_t i = 0; i < in.system_services->entries.size(); ++i) {
      const auto& e = in.system_services->entries[i];
      fn(e.ports, e.transports, FactRef{Layer::system_services, false, idx(i)});
    }
  }
  if (in.observed) {
    for (std::size_t i = 0; i < in.observed->entries.size(); ++i) {
      const auto& e = in.observed->entries[i];
      fn(e.ports, e.transports, FactRef{Layer::observed, false, idx(i)});
    }
  }
  for (std::size_t i = 0; i < in.folklore.size(); ++i) {
    const auto& e = in.folklore[i];
    fn(e.ports, e.transports, FactRef{Layer::folklore, false, idx(i)});
  }
  if (in.site) {
    for (std::size_t i = 0; i < in.site->applications.size(); ++i) {
      const auto& a = in.site->applications[i];
      fn(a.ports, a.transports, FactRef{Layer::site, false, idx(i)});
    }
    for (std::size_t i = 0; i < in.site->notes.size(); ++i) {
      const auto& n = in.site->notes[i];
      fn(n.ports, n.transports, FactRef{Layer::site, true, idx(i)});
    }
  }
}

}  // namespace

PortRegistry PortRegistry::build(RegistryInputs inputs) {
  PortRegistry reg;
  reg.inputs_ = std::make_shared<RegistryInputs>(std::move(inputs));
  reg.tables_ = std::make_shared<std::array<Table, kTransportCount>>();
  reg.facts_ = std::make_shared<std::vector<FactRef>>();
  if (reg.inputs_->orphan_threshold) {
    reg.threshold_.fill(*reg.inputs_->orphan_threshold);
  } else if (reg.inputs_->observed) {
    reg.threshold_ = derive_orphan_thresholds(*reg.inputs_->observed);
  }
  auto known = std::make_shared<std::vector<KnownScanner>>();
  const Site* site = reg.site();
  if (site != nullptr) known->insert(known->end(), site->scanners.begin(), site->scanners.end());
  if (site == nullptr || site->research_scanners) {
    known->insert(known->end(), reg.inputs_->scanners.begin(), reg.inputs_->scanners.end());
  }
  reg.known_scanners_ = std::move(known);
  reg.scanner_index_ = std::make_shared<KnownScannerIndex>(*reg.known_scanners_);
  reg.index_facts();
  reg.compute_status();
  for (const Transport t : kAllTransports) {
    auto& table = (*reg.tables_)[index(t)];
    for (std::uint32_t p = 0; p < 65536; ++p) {
      table[p].standing = reg.decide(static_cast<std::uint16_t>(p), t, nullptr);
    }
  }
  return reg;
}

const KnownScanner* PortRegistry::known_scanner(const IpAddress& address) const {
  // Site entries come first, so on equally specific networks the site's own name wins.
  return scanner_index_->find(address);
}

// Compressed-sparse-row layout: each slot owns a contiguous run of FactRefs, in layer
// order, so a lookup is one index and one span, never a map walk.
void PortRegistry::index_facts() {
  auto& tables = *tables_;
  for_each_record(*inputs_, [&](PortRange r, TransportSet ts, FactRef) {
    for_each_cover(r, ts, [&](std::uint16_t p, Transport t) { ++tables[index(t)][p].fact_count; });
  });
  std::uint32_t next = 0;
  for (auto& table : tables) {
    for (auto& s : table) {
      s.fact_begin = next;
      next += s.fact_count;
      s.fact_count = 0;
    }
  }
  facts_->resize(next);
  for_each_record(*inputs_, [&](PortRange r, TransportSet ts, FactRef ref) {
    for_each_cover(r, ts, [&](std::uint16_t p, Transport t) {
      auto& s = tables[index(t)][p];
      (*facts_)[s.fact_begin + s.fact_count++] = ref;
      if (ref.layer == Layer::observed) {
        s.observed = inputs_->observed->entries[ref.index].open_frequency.value_or(0.0);
      }
    });
  });
}

// What the registry layer says, most specific row first: any assignment wins; otherwise
// the narrowest Unassigned/Reserved row (IANA's file has ranges that a single-port row
// contradicts, e.g. Unassigned 7748-7776 over "Reserved 7775/udp").
void PortRegistry::compute_status() {
  for (const Transport t : kAllTransports) {
    for (std::uint32_t p = 0; p < 65536; ++p) {
      auto& s = (*tables_)[index(t)][p];
      std::uint32_t narrowest = 0x20000;
      for (const FactRef& f : facts(static_cast<std::uint16_t>(p), t)) {
        if (f.layer == Layer::iana) {
          const auto& r = iana(f.index);
          if (r.kind == IanaKind::assigned) {
            s.status = RegistryStatus::assigned;
            break;
          }
          if (r.ports.size() < narrowest) {
            narrowest = r.ports.size();
            s.status = r.kind == IanaKind::reserved ? RegistryStatus::reserved : RegistryStatus::unassigned;
          }
        } else if (f.layer == Layer::system_services) {
          // nmap-services names ports it has no name for "unknown": not an assignment.
          if (system_service(f.index).name != "unknown") {
            s.status = RegistryStatus::assigned;
            break;
          }
        }
      }
    }
  }
}

std::optional<double> PortRegistry::observed_frequency(std::uint16_t port, Transport t) const noexcept {
  const double f = slot(port, t).observed;
  if (f < 0.0) return std::nullopt;
  return f;
}

std::span<const FactRef> PortRegistry::facts(std::uint16_t port, Transport t) const {
  const Slot& s = slot(port, t);
  return {facts_->data() + s.fact_begin, s.fact_count};
}

std::vector<Evidence> PortRegistry::evidence(std::uint16_t port, Transport t) const {
  std::vector<Evidence> why;
  decide(port, t, &why);
  return why;
}

StandingCounts PortRegistry::counts(PortRange range, Transport t) const {
  StandingCounts c;
  for (std::uint32_t p = range.first; p <= range.last; ++p) {
    ++c.by_standing[static_cast<std::size_t>(standing(static_cast<std::uint16_t>(p), t))];
  }
  return c;
}

std::vector<const SiteApplication*> PortRegistry::site_applications(std::uint16_t port, Transport t,
                                                                    const IpAddress* server) const {
  std::vector<const SiteApplication*> out;
  for (const FactRef& f : facts(port, t)) {
    if (f.layer != Layer::site || f.site_note) continue;
    const auto& app = site_application(f.index);
    if (!server || app.serves(*server)) out.push_back(&app);
  }
  return out;
}

std::optional<std::uint16_t> PortRegistry::previous_assigned(std::uint16_t port, Transport t) const {
  for (std::uint32_t p = port; p-- > 0;) {
    if (registry_status(static_cast<std::uint16_t>(p), t) == RegistryStatus::assigned) {
      return static_cast<std::uint16_t>(p);
    }
  }
  return std::nullopt;
}

std::optional<std::uint16_t> PortRegistry::next_assigned(std::uint16_t port, Transport t) const {
  for (std::uint32_t p = std::uint32_t{port} + 1; p < 65536; ++p) {
    if (registry_status(static_cast<std::uint16_t>(p), t) == RegistryStatus::assigned) {
      return static_cast<std::uint16_t>(p);
    }
  }
  return std::nullopt;
}

std::string PortRegistry::registered_name(std::uint16_t port, Transport t) const {
  for (const FactRef& f : facts(port, t)) {
    if (f.layer == Layer::iana && iana(f.index).kind == IanaKind::assigned) {
      return iana(f.index).service;
    }
    if (f.layer == Layer::system_services && system_service(f.index).name != "unknown") {
      return system_service(f.index).name;
    }
  }
  return {};
}

}  // namespace gp::registry
