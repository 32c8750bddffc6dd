// One scan episode as a JSON record — the same vocabulary in `analyze -F json` ("scans"),
// `scan-report -F json` ("episodes") and live's event stream (scan_started / scan_updated /
// scan_ended records). Capture-controlled text is only ever a value, never a key.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "classify/scan/scan_episode.hpp"

namespace gp::scan {

// Timestamps as epoch seconds (a number, microsecond precision; Zeek's JSON) or ISO 8601
// UTC text with microseconds ("2026-11-26T21:33:40.935448Z").
enum class TimeFormat : std::uint8_t { epoch, iso8601 };
std::optional<TimeFormat> parse_time_format(std::string_view text);  // "epoch", "iso8601"
nlohmann::ordered_json time_json(TimeNs t, TimeFormat format);
std::string iso8601(TimeNs t);

// {"id", "source", "run", "start", "end", "duration_s", "ended_by", "probes", "ports",
//  "hosts", "counts_exact" (both below), "ports_exact", "hosts_exact", "probes_per_second", "answered": {open, closed, unreachable,
//  unanswered}, "open_services": [{port, transport, hosts, standing}], "type", "tool",
//  "technique", "known_scanner", "known_kind", "benign_research"}
nlohmann::ordered_json scan_episode_json(const ScanEpisode& episode, TimeFormat format);

// A span of time as people say it: "52.3 s", "4.2 min", "3.5 h", "2.1 d", "19.0 years".
std::string human_duration(double seconds);

// Bytes as printable text: ASCII 0x20-0x7e as they are (backslash doubled), the rest as
// \xNN, so "\x16\x03\x01" shows what a "...." hid. And as spaced hex: "16 03 01".
std::string escaped_bytes(std::string_view bytes);
std::string hex_bytes(std::string_view bytes);
// The same with "event": "scan_started" | "scan_updated" | "scan_ended" first.
nlohmann::ordered_json scan_event_json(EpisodeEvent event, const ScanEpisode& episode, TimeFormat format);

}  // namespace gp::scan
