#include "classify/registry/iana_csv.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <optional>

#include "common/csv_reader.hpp"
#include "common/file_text.hpp"

namespace gp::registry {

namespace {

// Columns by header name, so a reordered export still loads.
enum Column : std::size_t {
  kService,
  kPort,
  kTransport,
  kDescription,
  kAssignee,
  kContact,
  kRegistered,
  kModified,
  kReference,
  kNotes,
  kColumnCount
};
constexpr std::array<std::string_view, kColumnCount> kHeaderNames{
    "Service Name", "Port Number",       "Transport Protocol", "Description", "Assignee",
    "Contact",      "Registration Date", "Modification Date",  "Reference",   "Assignment Notes"};
constexpr std::size_t kRequiredColumns = 4;  // name, port, transport, description

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

struct Header {
  std::array<std::optional<std::size_t>, kColumnCount> index;
  std::size_t width = 0;
};

std::optional<Header> read_header(const CsvRecord& rec, const std::string& file, Diagnostics& diags) {
  Header h;
  h.width = rec.fields.size();
  for (std::size_t i = 0; i < rec.fields.size(); ++i) {
    for (std::size_t c = 0; c < kColumnCount; ++c) {
      if (rec.fields[i].text == kHeaderNames[c]) h.index[c] = i;
    }
  }
  bool ok = true;
  for (std::size_t c = 0; c < kRequiredColumns; ++c) {
    if (!h.index[c]) {
      diags.error({file, rec.line, 1}, fmt::format("header lacks column '{}' (is this IANA's "
                                                   "service-names-port-numbers.csv?)",
                                                   kHeaderNames[c]));
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return h;
}

const CsvField* field(const CsvRecord& rec, const Header& h, Column c) {
  const auto& i = h.index[c];
  if (!i || *i >= rec.fields.size()) return nullptr;
  return &rec.fields[*i];
}

// Required columns exist (read_header checked) and the row has the header's width.
const CsvField& required(const CsvRecord& rec, const Header& h, Column c) { return rec.fields[h.index[c].value_or(0)]; }

std::string text_of(const CsvRecord& rec, const Header& h, Column c) {
  const CsvField* f = field(rec, h, c);
  return f ? f->text : std::string{};
}

// One data row -> record, or diagnostics. Returns false when the row must be dropped.
bool parse_row(const CsvRecord& rec, const Header& h, const std::string& file, IanaTable& out, Diagnostics& diags) {
  if (rec.fields.size() != h.width) {
    const CsvField& at = rec.fields.size() > h.width ? rec.fields[h.width] : rec.fields.back();
    diags.error({file, at.line, at.column},
                fmt::format("row has {} fields, the header has {}", rec.fields.size(), h.width));
    return false;
  }
  const CsvField& port = required(rec, h, kPort);
  if (port.text.empty()) {
    ++out.rows_without_port;  // a DNS-SD service name without a port: not a port fact
    return true;
  }
  bool ok = true;
  IanaRecord r;
  r.line = rec.line;
  std::string why;
  if (const auto range = parse_port_range(port.text, why)) {
    r.ports = *range;
  } else {
    diags.error({file, port.line, port.column}, why);
    ok = false;
  }
  r.service = text_of(rec, h, kService);
  r.description = text_of(rec, h, kDescription);
  if (!r.service.empty()) {
    r.kind = IanaKind::assigned;
  } else if (starts_with_ci(r.description, "reserved")) {
    r.kind = IanaKind::reserved;
  } else {
    r.kind = IanaKind::unassigned;  // "Unassigned", "De-registered", "Removed", …
  }
  const CsvField& transport = required(rec, h, kTransport);
  if (transport.text.empty()) {
    // Old registrations list no protocol and covered both TCP and UDP; blank Unassigned and
    // Reserved rows speak for every transport.
    r.transports = r.kind == IanaKind::assigned ? TransportSet::tcp_udp() : TransportSet::all();
  } else if (const auto t = parse_transport(transport.text)) {
    r.transports.add(*t);
  } else {
    diags.error({file, transport.line, transport.column},
                fmt::format("unknown transport protocol '{}' (expected tcp, udp, sctp or dccp)", transport.text));
    ok = false;
  }
  for (const Column c : {kRegistered, kModified}) {
    const CsvField* f = field(rec, h, c);
    if (f && !f->text.empty() && !is_valid_registry_date(f->text)) {
      diags.error({file, f->line, f->column},
                  fmt::format("invalid {} '{}' (expected YYYY-MM or YYYY-MM-DD)",
                              c == kRegistered ? "registration date" : "modification date", f->text));
      ok = false;
    }
  }
  if (!ok) return false;
  r.assignee = text_of(rec, h, kAssignee);
  r.contact = text_of(rec, h, kContact);
  r.registration_date = text_of(rec, h, kRegistered);
  r.modification_date = text_of(rec, h, kModified);
  r.reference = text_of(rec, h, kReference);
  r.notes = text_of(rec, h, kNotes);
  out.records.push_back(std::move(r));
  return true;
}

}  // namespace

IanaTable parse_iana_csv(std::string file, std::string_view content, Diagnostics& diags) {
  IanaTable out;
  out.file = std::move(file);
  out.records.reserve(15000);
  CsvReader reader(content);
  CsvRecord rec;
  CsvError err;
  std::optional<Header> header;
  for (;;) {
    const auto result = reader.next(rec, err);
    if (result == CsvReader::Result::end) break;
    if (result == CsvReader::Result::error) {
      diags.error({out.file, err.line, err.column}, err.message);
      if (header) ++out.rows_read;
      continue;
    }
    if (!header) {
      header = read_header(rec, out.file, diags);
      if (!header) return out;  // without columns no row can be read
      continue;
    }
    ++out.rows_read;
    parse_row(rec, *header, out.file, out, diags);
  }
  if (!header) diags.error({out.file, 0, 0}, "empty file: no CSV header");
  return out;
}

IanaTable load_iana_csv(const std::string& path, Diagnostics& diags) {
  std::string why;
  const auto text = read_file_text(path, why);
  if (!text) {
    diags.error({path, 0, 0}, fmt::format("cannot read registry: {}", why));
    IanaTable empty;
    empty.file = path;
    return empty;
  }
  return parse_iana_csv(path, *text, diags);
}

std::string newest_date(const IanaTable& table) {
  // ISO dates of one or more parts ("2002-02", "2008-05-05") order correctly as text.
  std::string newest;
  for (const auto& r : table.records) {
    if (r.registration_date > newest) newest = r.registration_date;
    if (r.modification_date > newest) newest = r.modification_date;
  }
  return newest;
}

void check_iana_overlaps(const IanaTable& table, Diagnostics& diags) {
  // Per transport, the row that speaks specifically for a port (a registration, or a
  // single-port Unassigned/Reserved row).
  auto owner = std::make_unique<std::array<std::array<std::int32_t, 65536>, kTransportCount>>();
  for (auto& per : *owner) per.fill(-1);
  const auto& recs = table.records;
  for (std::size_t i = 0; i < recs.size(); ++i) {
    const auto& r = recs[i];
    if (r.kind != IanaKind::assigned && r.ports.size() > 1) continue;
    for (const Transport t : kAllTransports) {
      if (!r.transports.contains(t)) continue;
      for (std::uint32_t p = r.ports.first; p <= r.ports.last; ++p) {
        (*owner)[index(t)][p] = static_cast<std::int32_t>(i);
      }
    }
  }
  for (const auto& r : recs) {
    if (r.kind == IanaKind::assigned || r.ports.size() == 1) continue;
    for (std::uint32_t p = r.ports.first; p <= r.ports.last; ++p) {
      for (const Transport t : kAllTransports) {
        const std::int32_t o = r.transports.contains(t) ? (*owner)[index(t)][p] : -1;
        if (o < 0 || recs[static_cast<std::size_t>(o)].kind == r.kind) continue;
        const auto& other = recs[static_cast<std::size_t>(o)];
        diags.warning({table.file, r.line, 0},
                      fmt::format("{} range {} contradicts line {} ({} {}/{}); the single-port "
                                  "row wins",
                                  r.description, to_string(r.ports), other.line,
                                  other.service.empty() ? other.description : other.service, p, to_string(t)));
        break;  // one warning per port is enough
      }
    }
  }
}

}  // namespace gp::registry
