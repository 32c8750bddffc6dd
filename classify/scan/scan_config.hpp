// Thresholds, windows and memory bounds of scan detection, with defaults and why.
//
// Defaults, against the two detectors analysts already know:
//  * Zeek policy/misc/scan.zeek: Address_Scan when one source has failed connections to
//    more than addr_scan_threshold = 25 hosts on one port within addr_scan_interval = 5 min;
//    Port_Scan at port_scan_threshold = 15 ports on one victim within 5 min.
//    -> hosts_threshold 25, ports_threshold 15, window 300 s (tumbling, like SumStats epochs).
//  * Snort 3 port_scan (ps_module.cc): per tracker, scans = 100 attempts, rejects = 15
//    negative answers, nets = 25 address changes, ports = 25 port changes; memcap 1 MiB.
//    Our port threshold keeps Zeek's 15 (Snort's rejects=15 agrees for refused probes);
//    our host threshold keeps 25 (Snort's nets=25 agrees).
//  * Only probes count (failed or data-less attempts, as Zeek counts failed connections):
//    sessions that exchanged data never make a source a scanner.
//  * A client retrying one (host, port) touches 1 port and 1 host: never a scan however
//    often it retries (issue 13: that is a misconfiguration).
#pragma once

#include <cstdint>
#include <string>

#include "common/diagnostics.hpp"

namespace gp::scan {

struct ScanConfig {
  std::uint32_t ports_threshold = 15;  // distinct ports (one window) -> vertical
  std::uint32_t hosts_threshold = 25;  // distinct hosts (one window) -> horizontal
  double window_s = 300.0;             // tumbling window the thresholds apply to
  // Crafted probes: segments no TCP stack sends (FIN-only, NULL, Xmas: RFC 9293 sets ACK on
  // every segment after the SYN) and probes fingerprinted as a scanning tool are scanning
  // by themselves; this many of them on crafted_min_pairs distinct (host, port) pairs make
  // a scanner even below the count thresholds (a short nmap -sF/-sN/-sX run). The pair
  // minimum keeps a tool retrying one target (hping3 -c 8) out.
  std::uint32_t crafted_probes_threshold = 4;
  std::uint32_t crafted_min_pairs = 3;
  // Backscatter: unsolicited SYN-ACK/RST to this many distinct hosts marks the emitter.
  std::uint32_t backscatter_hosts_threshold = 5;
  // Distributed scans: sources grouped by /24 (IPv4) or /64 (IPv6); the group is judged
  // with the same thresholds when no member is a scanner on its own.
  std::uint8_t v4_prefix = 24;
  std::uint8_t v6_prefix = 64;

  // Episodes (scan_episode.hpp). A scan ends after episode_quiet_s without a probe from its
  // source — Zeek's 5-minute interval again: a scanner pausing less than that is still the
  // same scan; tools run one after another from one host (nmap, then masscan) are one scan.
  // Live records an update at most every episode_update_s of capture time per episode.
  double episode_quiet_s = 300.0;
  double episode_update_s = 60.0;
  std::uint32_t max_episodes = 10'000;  // ended episodes kept for the report; drops counted

  // Memory bounds. A tracked source that only held sessions or sent one probe costs ~350 B;
  // one that probed twice ~1.4 KiB while its sets are small and at most ~5 KiB once its sketches exist (source and current episode: 4 x 2^hll_precision bytes
  // + window sets), plus 8 KiB per port bitmap it holds (port_bitmaps bounds them all).
  std::uint32_t max_sources = 50'000;  // LRU-evicted beyond, eviction counted
  std::uint32_t exact_limit = 64;      // exact distinct counting up to this many
  // Past exact_limit, a source's (and its current episode's) ports are counted exactly in an
  // 8 KiB bitmap per IP protocol (port_set.hpp), at most this many bitmaps in all (32 MiB);
  // sources past that estimate, and are counted (ScanStats::port_counts_estimated).
  std::uint32_t port_bitmaps = 4096;
  unsigned hll_precision = 10;                // 1 KiB per sketch, 3.25 % standard error
  std::uint32_t max_open_services = 64;       // open (port, transport) kept per source
  std::uint32_t port_top_sources = 8;         // busiest sources kept per (port, transport)
  std::uint32_t max_ports_tracked = 131'072;  // (port, transport) entries: all TCP+UDP
  // Probes counted per (port, transport) for ports(), the scan report's port table. analyze
  // and live print no such table and turn it off: a state per port ever probed, then a
  // summary of each, was 49 MB of analyze's 127 MB peak heap at 4M packets. Not a TOML key.
  bool port_table = true;
  std::uint32_t timeline_buckets = 48;  // coarse timeline resolution
};

// Reads a `[scan]` table from a TOML file into `config` (keys as the struct's members; a file
// without one changes nothing). Every problem goes to `diags` at its key or value; false when
// there was one.
bool load_scan_config(const std::string& path, ScanConfig& config, Diagnostics& diags);

}  // namespace gp::scan
