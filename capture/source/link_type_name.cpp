#include <pcap/pcap.h>

#include <fmt/core.h>

#include "capture/source/packet_source.hpp"

namespace gp {

std::string link_type_name(int dlt) {
  const char* name = pcap_datalink_val_to_name(dlt);
  return name != nullptr ? std::string(name) : fmt::format("DLT_{}", dlt);
}

}  // namespace gp
