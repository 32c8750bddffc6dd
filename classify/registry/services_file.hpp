// The services files a system already has, used two ways:
//  * observed usage (layer 2): nmap-services' third column is the fraction of hosts nmap's
//    Internet-wide scans found with the port open;
//  * fallback registry when no IANA CSV is given: names and comments from nmap-services,
//    Wireshark's services (generated from IANA, with ranges and "tcp/udp" sets) or
//    /etc/services. None of these carry assignees, contacts or dates, and none tells
//    Reserved from Unassigned; the caller says so on stderr.
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

enum class ServicesFormat : std::uint8_t { nmap, wireshark, etc_services };

std::string_view to_string(ServicesFormat f) noexcept;

struct ServiceEntry {
  std::string name;
  PortRange ports;
  TransportSet transports;
  std::optional<double> open_frequency;  // nmap only
  std::string comment;
  std::uint32_t line = 0;
};

struct ServicesTable {
  std::string file;
  ServicesFormat format = ServicesFormat::nmap;
  std::vector<ServiceEntry> entries;
};

ServicesTable parse_services(std::string file, ServicesFormat format, std::string_view content, Diagnostics& diags);
// nullopt (and an error diagnostic) when the file cannot be read.
std::optional<ServicesTable> load_services(const std::string& path, ServicesFormat format, Diagnostics& diags);

}  // namespace gp::registry
