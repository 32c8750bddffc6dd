#include "classify/registry/iana_diff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

namespace gp::registry {

namespace {

std::string transports(TransportSet set) {
  std::string out;
  for (const auto t : kAllTransports) {
    if (!set.contains(t)) continue;
    if (!out.empty()) out += '/';
    out += to_string(t);
  }
  return out.empty() ? "-" : out;
}

using Key = std::tuple<std::uint32_t, std::string>;  // first port (for the order), then the text

std::map<Key, std::string> index_rows(const IanaTable& table) {
  std::map<Key, std::string> rows;
  for (const auto& r : table.records) {
    const std::string key = fmt::format("{}/{} {}", to_string(r.ports), transports(r.transports),
                                        r.service.empty() ? r.description : r.service);
    std::string value = fmt::format("{} | {} | {} | registered {} | modified {} | {} | {}", r.description, r.assignee,
                                    r.contact, r.registration_date, r.modification_date, r.reference, r.notes);
    // A key seen twice (the registry repeats a few rows) keeps both values: a change to
    // either shows, and the order of rows in the file does not.
    auto [it, inserted] = rows.emplace(Key{r.ports.first, key}, value);
    if (!inserted && it->second != value)
      it->second = std::min(it->second, value) + " || " + std::max(it->second, value);
  }
  return rows;
}

}  // namespace

IanaDiff diff_iana(const IanaTable& before, const IanaTable& after) {
  const auto old_rows = index_rows(before);
  const auto new_rows = index_rows(after);
  IanaDiff d;
  for (const auto& [key, value] : new_rows) {
    const auto it = old_rows.find(key);
    if (it == old_rows.end()) {
      d.added.push_back({std::get<1>(key), "", value});
    } else if (it->second != value) {
      d.changed.push_back({std::get<1>(key), it->second, value});
    }
  }
  for (const auto& [key, value] : old_rows) {
    if (!new_rows.contains(key)) d.removed.push_back({std::get<1>(key), value, ""});
  }
  return d;
}

}  // namespace gp::registry
