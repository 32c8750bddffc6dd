// Layer 3: what port databases, vendor manuals and malware reports say about a port that
// the registry does not (or no longer truthfully) say. Shipped as TOML in rules/ports/;
// every entry names its source and a date so an analyst can judge how stale it is.
//
//   [[folklore]]
//   port = 3206                 # or "3127-3198"
//   transport = "tcp/udp"       # default tcp/udp
//   kind = "dead_registration"  # see FolkloreKind (in_use: rules/ports/in_use.toml)
//   name = "IronMail POP Proxy"
//   vendor = "CipherTrust"      # optional
//   ended = "2008"              # optional: when the product or campaign ended
//   note = "…"                  # optional
//   source = "…"                # required: where this comes from (title, URL)
//   date = "2008-11"            # required: date of the source or of the event it reports
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "classify/registry/port_range.hpp"
#include "classify/registry/transport.hpp"
#include "common/diagnostics.hpp"

namespace gp::registry {

enum class FolkloreKind : std::uint8_t {
  attribution,        // unofficial port databases attribute the port to a product
  vendor_default,     // a product's default port, never registered for it
  trojan,             // backdoor/trojan folklore (NetBus, Back Orifice, SubSeven, …)
  malware,            // ports named in malware reports (worms, botnets, exploitation)
  dead_registration,  // note on a registration whose software is gone
  in_use,             // current software uses the port although Internet scans rarely find it
                      // open (infrastructure behind firewalls): a registered port stays active
};

std::string_view to_string(FolkloreKind k) noexcept;
std::optional<FolkloreKind> parse_folklore_kind(std::string_view text) noexcept;

// Every kind but dead_registration claims that something unofficial uses the port.
constexpr bool claims_use(FolkloreKind k) { return k != FolkloreKind::dead_registration; }

struct FolkloreEntry {
  PortRange ports;
  TransportSet transports;
  FolkloreKind kind = FolkloreKind::attribution;
  std::string name;
  std::string vendor;
  std::string ended;
  std::string note;
  std::string source;
  std::string date;
  SourceLocation where;  // the entry's table
};

// Parses one TOML file's entries (appending to `out`). Bad entries are reported and skipped.
void parse_folklore(const std::string& file, std::string_view content, std::vector<FolkloreEntry>& out,
                    Diagnostics& diags);
// Every *.toml in `dir`, in name order; then checks duplicates across files.
std::vector<FolkloreEntry> load_folklore_dir(const std::string& dir, Diagnostics& diags);
// Two entries of the same name on overlapping ports, or two dead_registration notes that
// disagree about what one registration was, are errors.
void check_folklore_conflicts(const std::vector<FolkloreEntry>& entries, Diagnostics& diags);

}  // namespace gp::registry
