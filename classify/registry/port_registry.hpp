// The layered port registry: IANA (or a system services file in its place), observed
// usage, folklore, site. Built once at start-up; afterwards read-only and thread-safe.
//
// Contract:
//  * standing() and observed_frequency() are O(1): one dense table of 65536 slots per
//    transport, filled at build time. The hot path (per flow) must only call these.
//  * facts() lists every fact about a port in layer order (iana … site), each tagged with
//    its layer, so a later layer visibly overrides an earlier one without hiding it.
//  * evidence() re-runs the same decision as the build did, with reasons, so the
//    explanation can never disagree with the standing.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "classify/registry/folklore.hpp"
#include "classify/registry/iana_csv.hpp"
#include "classify/registry/known_scanner_index.hpp"
#include "classify/registry/services_file.hpp"
#include "classify/registry/site.hpp"
#include "classify/registry/standing.hpp"
#include "classify/registry/transport.hpp"

namespace gp::registry {

struct RegistryInputs {
  std::optional<IanaTable> iana;
  std::optional<ServicesTable> system_services;  // fallback registry when there is no IANA CSV
  std::optional<ServicesTable> observed;         // nmap-services (open frequency)
  std::vector<FolkloreEntry> folklore;
  std::optional<Site> site;
  std::vector<KnownScanner> scanners;      // shipped lists (rules/scanners/); the site may switch them off
  std::optional<double> orphan_threshold;  // nullopt: derive per transport (see threshold.hpp)
};

// Where a fact lives: layer + index into that layer's records. For the site layer,
// `site_note` tells applications from notes.
struct FactRef {
  Layer layer = Layer::iana;
  bool site_note = false;
  std::uint32_t index = 0;
};

struct Evidence {
  Layer layer;
  std::string text;
};

// What the registry layer (IANA or its fallback) says about one (port, transport).
enum class RegistryStatus : std::uint8_t { none, assigned, unassigned, reserved };
std::string_view to_string(RegistryStatus s) noexcept;

struct StandingCounts {
  std::array<std::uint32_t, kStandingCount> by_standing{};
  std::uint32_t total() const;
};

class PortRegistry {
 public:
  static PortRegistry build(RegistryInputs inputs);

  Standing standing(std::uint16_t port, Transport t) const noexcept { return slot(port, t).standing; }
  RegistryStatus registry_status(std::uint16_t port, Transport t) const noexcept { return slot(port, t).status; }
  // nmap's open frequency; nullopt when the port is absent or no observed layer loaded.
  std::optional<double> observed_frequency(std::uint16_t port, Transport t) const noexcept;
  double orphan_threshold(Transport t) const noexcept { return threshold_[index(t)]; }
  bool has_observed_layer() const noexcept { return inputs_->observed.has_value(); }

  std::span<const FactRef> facts(std::uint16_t port, Transport t) const;
  std::vector<Evidence> evidence(std::uint16_t port, Transport t) const;
  StandingCounts counts(PortRange range, Transport t) const;

  // Site questions that depend on the server address, not only the port.
  std::vector<const SiteApplication*> site_applications(std::uint16_t port, Transport t, const IpAddress* server) const;
  const Site* site() const { return inputs_->site ? &*inputs_->site : nullptr; }
  // The known-scanner list entry holding `address` (site entries first, then the shipped
  // lists unless the site switched them off; the most specific network wins); nullptr if none.
  const KnownScanner* known_scanner(const IpAddress& address) const;
  // Every entry in effect: the site's, then the shipped ones.
  const std::vector<KnownScanner>& known_scanners() const { return *known_scanners_; }

  // Record access for FactRefs.
  const IanaRecord& iana(std::uint32_t i) const { return inputs_->iana->records[i]; }
  const ServiceEntry& system_service(std::uint32_t i) const { return inputs_->system_services->entries[i]; }
  const ServiceEntry& observed(std::uint32_t i) const { return inputs_->observed->entries[i]; }
  const FolkloreEntry& folklore(std::uint32_t i) const { return inputs_->folklore[i]; }
  const SiteApplication& site_application(std::uint32_t i) const { return inputs_->site->applications[i]; }
  const SiteNote& site_note(std::uint32_t i) const { return inputs_->site->notes[i]; }
  const RegistryInputs& inputs() const { return *inputs_; }

  // Nearest assigned ports below and above `port` (range context for the port card).
  std::optional<std::uint16_t> previous_assigned(std::uint16_t port, Transport t) const;
  std::optional<std::uint16_t> next_assigned(std::uint16_t port, Transport t) const;
  // Service name of the registry layer for an assigned port ("" when none).
  std::string registered_name(std::uint16_t port, Transport t) const;

 private:
  struct Slot {
    double observed = -1.0;  // < 0: no data
    std::uint32_t fact_begin = 0;
    std::uint16_t fact_count = 0;
    Standing standing = Standing::unassigned;
    RegistryStatus status = RegistryStatus::none;
  };
  using Table = std::array<Slot, 65536>;

  const Slot& slot(std::uint16_t port, Transport t) const noexcept { return (*tables_)[index(t)][port]; }
  void index_facts();
  void compute_status();
  const std::string& observed_name(std::span<const FactRef> refs) const;
  const FolkloreEntry* in_use_entry(std::span<const FactRef> refs) const;
  Standing decide(std::uint16_t port, Transport t, std::vector<Evidence>* why) const;

  std::shared_ptr<RegistryInputs> inputs_;  // shared: copies of the registry stay cheap
  std::shared_ptr<std::array<Table, kTransportCount>> tables_;
  std::shared_ptr<std::vector<FactRef>> facts_;
  std::shared_ptr<std::vector<KnownScanner>> known_scanners_ = std::make_shared<std::vector<KnownScanner>>();
  std::shared_ptr<KnownScannerIndex> scanner_index_ = std::make_shared<KnownScannerIndex>();  // into known_scanners_
  std::array<double, kTransportCount> threshold_{};
};

}  // namespace gp::registry
