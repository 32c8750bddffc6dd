#include "capture/flow/icmp_ports.hpp"

namespace gp {
namespace {

// ICMP4_counterpart in Zeek's ICMP analyzer.
int v4_counterpart(std::uint8_t type) {
  switch (type) {
    case 8: return 0;  // echo -> echo reply
    case 0: return 8;
    case 13: return 14;  // timestamp
    case 14: return 13;
    case 15: return 16;  // information
    case 16: return 15;
    case 10: return 9;  // router solicitation / advertisement
    case 9: return 10;
    case 17: return 18;  // address mask
    case 18: return 17;
    default: return -1;
  }
}

// ICMP6_counterpart.
int v6_counterpart(std::uint8_t type) {
  switch (type) {
    case 128: return 129;  // echo
    case 129: return 128;
    case 133: return 134;  // router solicitation / advertisement
    case 134: return 133;
    case 135: return 136;  // neighbor solicitation / advertisement
    case 136: return 135;
    case 130: return 131;  // multicast listener query / report
    case 131: return 130;
    case 139: return 140;  // node information query / response
    case 140: return 139;
    case 144: return 145;  // home agent address discovery
    case 145: return 144;
    default: return -1;
  }
}

}  // namespace

IcmpPorts icmp_ports(bool v6, std::uint8_t type, std::uint8_t code) {
  const int counterpart = v6 ? v6_counterpart(type) : v4_counterpart(type);
  if (counterpart < 0) return {type, code, true};
  return {type, static_cast<std::uint16_t>(counterpart), false};
}

}  // namespace gp
