// A port registry small enough to read in one glance, with one port of each standing the
// feature and annotation tests need: 3255/tcp orphaned (registered, nobody runs it), 80/tcp
// an active service, 3546 unassigned, 1023 reserved, 7 (echo) registered on tcp and udp.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "classify/registry/iana_csv.hpp"
#include "classify/registry/port_registry.hpp"
#include "classify/registry/services_file.hpp"

namespace gp::test {

inline const registry::PortRegistry& tiny_registry() {
  static const registry::PortRegistry r = [] {
    Diagnostics diags;
    registry::RegistryInputs in;
    in.iana = registry::parse_iana_csv(
        "tiny.csv",
        "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,"
        "Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes\n"
        "echo,7,tcp,Echo,,,,,,,,\n"
        "echo,7,udp,Echo,,,,,,,,\n"
        "http,80,tcp,World Wide Web HTTP,,,,,,,,\n"
        ",1023,tcp,Reserved,,,,,,,,\n"
        "semaphore,3255,tcp,Semaphore Connection Port,[Jay_Eckles],[Jay_Eckles],2002-02,,,,,\n"
        "semaphore,3255,udp,Semaphore Connection Port,[Jay_Eckles],[Jay_Eckles],2002-02,,,,,\n"
        ",3546,,Unassigned,,,,,,,,\n",
        diags);
    in.observed = registry::parse_services("tiny-nmap-services", registry::ServicesFormat::nmap,
                                           "echo\t7/tcp\t0.004855\n"
                                           "http\t80/tcp\t0.484143\n"
                                           "semaphore\t3255/tcp\t0.000000\n"
                                           "semaphore\t3255/udp\t0.000000\n",
                                           diags);
    in.orphan_threshold = 0.0001;
    EXPECT_EQ(diags.error_count(), 0U);
    return registry::PortRegistry::build(std::move(in));
  }();
  return r;
}

}  // namespace gp::test
