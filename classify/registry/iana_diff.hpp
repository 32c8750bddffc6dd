// What changed between two IANA registry files, as `ghostport registry update` reports it:
// assignments new in the second, removed from it, and changed (same service, port and
// transport; another description, assignee, contact, date, reference or note).
#pragma once

#include <string>
#include <vector>

#include "classify/registry/iana_csv.hpp"

namespace gp::registry {

struct IanaChange {
  std::string key;     // "3255/tcp semaphore" ("3255/tcp Unassigned" for rows without a service)
  std::string before;  // "" for a new row
  std::string after;   // "" for a removed row
};

struct IanaDiff {
  std::vector<IanaChange> added, removed, changed;  // each sorted by port, then key
  bool empty() const { return added.empty() && removed.empty() && changed.empty(); }
};

IanaDiff diff_iana(const IanaTable& before, const IanaTable& after);

}  // namespace gp::registry
