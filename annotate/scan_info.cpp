#include "annotate/scan_info.hpp"

namespace gp {

ClientScanInfo scan_info_of(const scan::SourceSummary* s) {
  ClientScanInfo info;
  if (s == nullptr) return info;
  info.scanner = s->is_scanner && s->type != scan::ScanType::backscatter && s->known_scanner.empty();
  info.tool = scan::to_string(s->tool);
  info.scan_ports = s->distinct_ports;
  info.scan_hosts = s->distinct_hosts;
  return info;
}

}  // namespace gp
