// The orphan threshold: a registered port whose nmap open-frequency is at or below it is
// "orphaned" (registered, but practically nobody runs it).
//
// Why the default is derived, and from what: nmap-services frequencies are counts of hosts
// found open divided by the size of nmap's scan sample, so they come in quanta. The lowest
// frequency shared by many entries (>= 10% of the transport's non-zero ones) is one host of
// nmap's main sample: 0.000076 for TCP (1,969 entries, 46%) and 0.00033 for UDP (2,515
// entries, 16%) in nmap 7.93's file. Smaller values come from smaller side samples (none
// reaches 6%); the larger spikes are multiples, or UDP noise (0.000654 and 0.000518 on
// thousands of "unknown" ports), which is why "the most common value" would be wrong.
// A port seen open on one host in the whole sample is what a single in-house tool or a
// honeypot produces, not evidence that the registered software is deployed; two hosts
// already is. So "orphaned" = seen open on at most one host's worth of the sample. A newer
// nmap-services with a different sample size moves the quantum, and the default with it.
#pragma once

#include <array>

#include "classify/registry/services_file.hpp"
#include "classify/registry/transport.hpp"

namespace gp::registry {

// Per transport: the lowest non-zero open-frequency shared by at least 10% of that
// transport's non-zero entries (the one-host quantum), or 0 when there is none
// (nmap's SCTP column is all zeros, so only never-seen ports are orphaned there).
std::array<double, kTransportCount> derive_orphan_thresholds(const ServicesTable& observed);

}  // namespace gp::registry
