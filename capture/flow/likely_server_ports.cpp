#include "capture/flow/likely_server_ports.hpp"

#include <bitset>
#include <initializer_list>

namespace gp {
namespace {

struct PortSets {
  std::bitset<65536> tcp;
  std::bitset<65536> udp;

  PortSets() {
    // Registered by Zeek's analyzers in base/protocols/*/main.zeek (TCP).
    for (int p :
         {21,   22,   23,   25,   53,   80,   81,   88,   102,  110,  111,  135,  139,  143,  179,   389,  443,  445,
          502,  512,  513,  514,  543,  544,  563,  585,  587,  614,  631,  636,  989,  990,  992,   993,  995,  1080,
          1433, 1521, 1883, 2049, 2811, 3128, 3268, 3306, 3389, 5060, 5222, 5223, 5269, 5432, 5900,  5901, 5902, 5903,
          5904, 5905, 5906, 5907, 5908, 5909, 6379, 6666, 6667, 6668, 6669, 8000, 8080, 8888, 20000, 44818}) {
      tcp.set(static_cast<std::size_t>(p));
    }
    // … and UDP.
    for (int p : {53,   67,   69,   88,   111,  123,  137,  138,  161,  162,  443,  500,  514,   1812, 1813,
                  2049, 2123, 2152, 3478, 3544, 4500, 4789, 5060, 5072, 5353, 5355, 6081, 20000, 47808}) {
      udp.set(static_cast<std::size_t>(p));
    }
  }
};

const PortSets& sets() {
  static const PortSets instance;
  return instance;
}

}  // namespace

bool is_likely_server_port(std::uint8_t protocol, std::uint16_t port) {
  if (protocol == 6) return sets().tcp.test(port);
  if (protocol == 17) return sets().udp.test(port);
  return false;
}

}  // namespace gp
