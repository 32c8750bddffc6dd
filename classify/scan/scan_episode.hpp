// Scan episodes: one scan is one finding. An episode is a run of one source's probes with no
// quiet gap of ScanConfig::episode_quiet_s or more between them; it becomes a *scan* episode
// (and is announced) once the source is a scanner — by behaviour (the thresholds of
// scan_config.hpp) or because it is on a known-scanner list (rules/scanners/, the site's
// [[scanner]] entries). Later runs of a known scanner are new episodes of it.
//
// The detector reports each episode's transitions to a listener, the same way offline and
// live (`ghostport live` emits them as scan_started / scan_updated / scan_ended):
//   started  when the episode is announced (its counts so far are in the record);
//   updated  on a probe at least episode_update_s after the previous event of the episode;
//   ended    when the source has been quiet for episode_quiet_s (ScanDetector::advance(now),
//            or the source's next probe), or at finish() (end of capture / shutdown), or when
//            the source is evicted by max_sources.
// After finish(), ScanDetector::episodes() lists every announced episode (capped by
// max_episodes, drops counted).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/ip_address.hpp"
#include "common/time.hpp"
#include "classify/registry/standing.hpp"
#include "classify/scan/fingerprint.hpp"
#include "classify/scan/probe.hpp"

namespace gp::scan {

// vertical: many ports, few hosts; horizontal: few ports, many hosts; block: many x many;
// backscatter: unsolicited answers to many hosts (the emitter is the victim of spoofing).
// Below the count thresholds, a source with enough crafted probes (or on a known-scanner
// list) is vertical when it touched more ports than hosts, else horizontal.
enum class ScanType : std::uint8_t { none, vertical, horizontal, block, backscatter };
std::string_view to_string(ScanType t) noexcept;

enum class EpisodeEvent : std::uint8_t { started, updated, ended };
// "scan_started", "scan_updated", "scan_ended": the event names of live's stream.
std::string_view to_string(EpisodeEvent e) noexcept;

// Why an episode ended. `open`: not ended yet (started / updated records). `tool_changed`:
// the source's probes started to carry another tool's fingerprint (masscan, then nmap): one
// episode is one run of one tool.
enum class EpisodeEnd : std::uint8_t { open, quiet, capture_end, evicted, tool_changed };
std::string_view to_string(EpisodeEnd e) noexcept;

struct OpenService {
  std::uint16_t port = 0;
  std::uint8_t ip_proto = 0;
  std::uint32_t hosts = 0;  // answering hosts seen (capped by the exact set)
  std::optional<registry::Standing> standing;
};

struct ScanEpisode {
  std::uint64_t id = 0;  // 1, 2, … in the order episodes were announced (per detector)
  IpAddress source;
  std::uint32_t run = 0;  // which run of probes of this source it is (1 = its first)
  TimeNs start = 0;       // first probe of the episode
  TimeNs last = 0;        // latest probe so far
  EpisodeEnd end = EpisodeEnd::open;

  std::uint64_t probes = 0;
  std::uint64_t distinct_ports = 0;  // (port, transport) pairs probed in this episode
  std::uint64_t distinct_hosts = 0;
  bool counts_exact = true;                                  // ports_exact && hosts_exact
  bool ports_exact = true;                                   // false once a sketch estimates distinct_ports
  bool hosts_exact = true;                                   // false once a sketch estimates distinct_hosts
  double probes_per_second = 0;                              // probes / max(1 s, last - start)
  std::array<std::uint64_t, kProbeOutcomeCount> outcomes{};  // what answered
  std::vector<OpenService> open_services;                    // answered open in this episode

  // The source as judged when the record was made (whole capture so far).
  ScanType type = ScanType::none;
  ScanTool tool = ScanTool::none;  // this episode's fingerprint when its probes carry one
  ProbeKind technique = ProbeKind::other;

  // Known-scanner list entry holding the source ("" when it is a scanner by behaviour only).
  std::string known_scanner;
  std::string known_kind;        // research, search_engine, vulnerability_scanner
  bool benign_research = false;  // listed: traffic expected and harmless by publication

  double duration_s() const { return static_cast<double>(last - start) / 1e9; }
};

using EpisodeListener = std::function<void(EpisodeEvent event, const ScanEpisode& episode)>;

}  // namespace gp::scan
