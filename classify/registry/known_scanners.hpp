// Known scanners: the published scanning networks of research projects and search engines
// (shipped in rules/scanners/*.toml, each entry with its public source and the date it was
// checked against it) and the site's own scanners (its vulnerability scanner: `[[scanner]]`
// and `allowed_scanners` in the site file, which can also switch the shipped list off with
// `research_scanners = false`). Their traffic is scan noise that nobody needs to chase
// (benign_research in the verdicts); a scanner on no list stays an unknown scanner.
//
//   [[scanner]]
//   name = "Censys"                         # required
//   kind = "search_engine"                  # research | search_engine | vulnerability_scanner
//   networks = ["162.142.125.0/24", "2602:80d:1000::/48"]   # required, host bits clear
//   source = "https://docs.censys.com/…"    # required in shipped lists: where the networks are published
//   checked = "2026-11-27"                  # required in shipped lists: when they were checked
//   note = "…"                              # optional
//
// PortRegistry answers lookups through a longest-prefix index (known_scanner_index.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostics.hpp"
#include "common/ip_network.hpp"

namespace gp::registry {

enum class ScannerKind : std::uint8_t { research, search_engine, vulnerability_scanner };
std::string_view to_string(ScannerKind k) noexcept;
std::optional<ScannerKind> parse_scanner_kind(std::string_view text) noexcept;

struct KnownScanner {
  std::string name;
  ScannerKind kind = ScannerKind::research;
  std::vector<IpNetwork> networks;
  std::string source;
  std::string checked;
  std::string note;
  bool from_site = false;
  SourceLocation where;  // the entry's table
};

// A shipped list file: `[[scanner]]` tables only.
void parse_known_scanners(const std::string& file, std::string_view content, std::vector<KnownScanner>& out,
                          Diagnostics& diags);
// Every *.toml in `dir`, in name order; a missing directory is an error.
std::vector<KnownScanner> load_known_scanners_dir(const std::string& dir, Diagnostics& diags);

// The entry holding `address`: the most specific network wins (a site's /32 inside a
// search engine's /24 names the site's entry), then the first listed; nullptr when none
// does. A linear walk, for one-off questions; KnownScannerIndex answers the same faster.
const KnownScanner* find_known_scanner(const std::vector<KnownScanner>& list, const IpAddress& address);

}  // namespace gp::registry
