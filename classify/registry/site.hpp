// Layer 4: the site's own knowledge (`--site FILE`), which overrides every other layer.
//
//   internal_networks = ["10.0.0.0/8", "fd00::/8"]
//   allowed_scanners  = ["10.0.5.20"]          # hosts whose scans are expected
//   research_scanners = false                  # ignore the shipped research/search-engine list
//
//   [[scanner]]                                # a scanner of the site's own (known_scanners.hpp)
//   name = "nessus"
//   networks = ["10.0.5.20"]
//   kind = "vulnerability_scanner"             # default; or research, search_engine
//   note = "…"                                 # optional; source and checked are optional here
//
//   [[application]]                            # what runs on a port here
//   port = 3255                                # or "3000-3010"
//   transport = "tcp"                          # default tcp/udp
//   name = "build-cache"
//   networks = ["10.0.0.0/8"]                  # default: anywhere
//   note = "…"                                 # optional
//
//   [[note]]                                   # a remark for the port card
//   port = 3511
//   text = "…"
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "classify/registry/known_scanners.hpp"
#include "classify/registry/port_range.hpp"
#include "classify/registry/transport.hpp"
#include "common/diagnostics.hpp"
#include "common/ip_network.hpp"

namespace gp::registry {

struct SiteApplication {
  PortRange ports;
  TransportSet transports;
  std::string name;
  std::vector<IpNetwork> networks;  // empty: anywhere
  std::string note;
  SourceLocation where;

  bool serves(const IpAddress& server) const;
};

struct SiteNote {
  PortRange ports;
  TransportSet transports;
  std::string text;
  SourceLocation where;
};

struct Site {
  std::string file;
  std::vector<IpNetwork> internal_networks;
  std::vector<IpNetwork> allowed_scanners;
  bool research_scanners = true;       // use the shipped known-scanner lists
  std::vector<KnownScanner> scanners;  // [[scanner]], then allowed_scanners as one entry
  std::vector<SiteApplication> applications;
  std::vector<SiteNote> notes;

  bool is_internal(const IpAddress& a) const;
  bool is_allowed_scanner(const IpAddress& a) const;
};

Site parse_site(const std::string& file, std::string_view content, Diagnostics& diags);
Site load_site(const std::string& path, Diagnostics& diags);

}  // namespace gp::registry
