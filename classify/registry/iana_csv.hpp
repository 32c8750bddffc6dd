// Layer 1: IANA's service-names-port-numbers.csv, one record per row that names a port.
// Rows without a port number (DNS-SD service names only) are not port facts and are
// skipped. Bad rows become diagnostics with file:line:col and are dropped; the rest load.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "classify/registry/port_range.hpp"
#include "classify/registry/transport.hpp"
#include "common/diagnostics.hpp"

namespace gp::registry {

enum class IanaKind : std::uint8_t { assigned, unassigned, reserved };

struct IanaRecord {
  IanaKind kind = IanaKind::unassigned;
  PortRange ports;
  TransportSet transports;
  std::string service;      // empty for Unassigned/Reserved rows
  std::string description;  // "Unassigned", "Reserved", "De-registered", or the service's
  std::string assignee;     // "[Jay_Eckles]", as the registry writes it
  std::string contact;
  std::string registration_date;  // "2002-02", "2008-05-05" or empty
  std::string modification_date;
  std::string reference;
  std::string notes;
  std::uint32_t line = 0;
};

struct IanaTable {
  std::string file;
  std::vector<IanaRecord> records;
  std::size_t rows_read = 0;  // data rows, good or bad
  std::size_t rows_without_port = 0;
};

IanaTable parse_iana_csv(std::string file, std::string_view content, Diagnostics& diags);
IanaTable load_iana_csv(const std::string& path, Diagnostics& diags);

// The newest registration or modification date in the table ("2026-02-13"): the date of
// the snapshot, as IANA's export carries no date of its own. "" when no row has one.
std::string newest_date(const IanaTable& table);

// Adds a warning for each Unassigned/Reserved range row that covers a port some other row
// assigns (the real file has two: 7748-7776 over 7775, 7983-7997 over 7997). The registry
// resolves these in favour of the more specific row; the warning makes that visible.
void check_iana_overlaps(const IanaTable& table, Diagnostics& diags);

}  // namespace gp::registry
