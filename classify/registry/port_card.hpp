// One port as the user sees it: the merged facts of all layers (each tagged with its
// layer), the standing with its evidence, and the neighbouring assignments. Rendered as
// the text card of `ghostport port N`, as JSON, or as a CSV row - one model, three writers.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "classify/registry/port_registry.hpp"

namespace gp::registry {

struct PortView {
  std::uint16_t port = 0;
  Transport transport = Transport::tcp;
  Standing standing = Standing::unassigned;
  RegistryStatus status = RegistryStatus::none;
  Layer registry_layer = Layer::iana;
  std::string name;  // registered service name(s), aliases joined by ", "
  std::string description;
  std::string assignee;
  std::string contact;
  std::string registration_date;
  std::string modification_date;
  std::string reference;
  std::string registry_range;  // the Unassigned/Reserved row's range, e.g. "3284-3299"
  std::optional<double> observed_frequency;
  std::string observed_name;
  double orphan_threshold = 0.0;
  std::vector<const FolkloreEntry*> folklore;
  std::vector<const SiteApplication*> site_applications;
  std::vector<const SiteNote*> site_notes;
  std::vector<Evidence> evidence;
  std::string port_class;  // "system (0-1023)", "registered (1024-49151)", "dynamic (49152-65535)"
  std::optional<std::uint16_t> previous_assigned;
  std::optional<std::uint16_t> next_assigned;
  std::string previous_name;
  std::string next_name;
};

PortView describe(const PortRegistry& reg, std::uint16_t port, Transport t);

std::string render_card(const PortView& v);
nlohmann::json to_json(const PortView& v);
// CSV: port,transport,standing,name,description,assignee,registration_date,observed_frequency
std::string csv_header();
std::string to_csv_row(const PortView& v);

}  // namespace gp::registry
