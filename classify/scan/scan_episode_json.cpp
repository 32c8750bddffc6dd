#include "classify/scan/scan_episode_json.hpp"

#include "common/ip_protocol.hpp"

#include <fmt/format.h>

#include <cmath>
#include <ctime>
#include <string>

namespace gp::scan {
namespace {

using json = nlohmann::ordered_json;

}  // namespace

std::optional<TimeFormat> parse_time_format(std::string_view text) {
  if (text == "epoch") return TimeFormat::epoch;
  if (text == "iso8601") return TimeFormat::iso8601;
  return std::nullopt;
}

std::string iso8601(TimeNs t) {
  const std::time_t secs = static_cast<std::time_t>(t / 1'000'000'000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, (t % 1'000'000'000) / 1000);
}

json time_json(TimeNs t, TimeFormat format) {
  if (format == TimeFormat::iso8601) return iso8601(t);
  // Microseconds, rounded in integers, as Zeek logs them: no binary-float noise in the text.
  const std::int64_t us = (t + 500) / 1000;
  return static_cast<double>(us / 1'000'000) + static_cast<double>(us % 1'000'000) / 1e6;
}

json scan_episode_json(const ScanEpisode& e, TimeFormat format) {
  json answered = json::object();
  for (std::size_t o = 0; o + 1 < kProbeOutcomeCount; ++o) {
    answered[std::string(to_string(static_cast<ProbeOutcome>(o)))] = e.outcomes[o];
  }
  json open = json::array();
  for (const OpenService& svc : e.open_services) {
    open.push_back(
        {{"port", svc.port},
         {"transport", ip_protocol_name(svc.ip_proto)},
         {"hosts", svc.hosts},
         {"standing", svc.standing ? json(std::string(registry::to_string(*svc.standing))) : json(nullptr)}});
  }
  return json{{"id", e.id},
              {"source", e.source.to_string()},
              {"run", e.run},
              {"start", time_json(e.start, format)},
              {"end", time_json(e.last, format)},
              {"duration_s", std::round(e.duration_s() * 1e6) / 1e6},
              {"ended_by", std::string(to_string(e.end))},
              {"probes", e.probes},
              {"ports", e.distinct_ports},
              {"hosts", e.distinct_hosts},
              {"counts_exact", e.counts_exact},
              {"ports_exact", e.ports_exact},
              {"hosts_exact", e.hosts_exact},
              {"probes_per_second", std::round(e.probes_per_second * 1000.0) / 1000.0},
              {"answered", answered},
              {"open_services", open},
              {"type", std::string(to_string(e.type))},
              {"tool", std::string(to_string(e.tool))},
              {"technique", std::string(to_string(e.technique))},
              {"known_scanner", e.known_scanner.empty() ? json(nullptr) : json(e.known_scanner)},
              {"known_kind", e.known_kind.empty() ? json(nullptr) : json(e.known_kind)},
              {"benign_research", e.benign_research}};
}

std::string human_duration(double s) {
  if (!(s > 0)) return "0.0 s";
  if (s < 60) return fmt::format("{:.1f} s", s);
  if (s < 3600) return fmt::format("{:.1f} min", s / 60);
  if (s < 86400) return fmt::format("{:.1f} h", s / 3600);
  constexpr double kYear = 365.25 * 86400;
  if (s < kYear) return fmt::format("{:.1f} d", s / 86400);
  return fmt::format("{:.1f} years", s / kYear);
}

std::string escaped_bytes(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (const char ch : bytes) {
    const auto b = static_cast<unsigned char>(ch);
    if (b == '\\') out += "\\\\";
    else if (b >= 0x20 && b < 0x7f) out += ch;
    else out += fmt::format("\\x{:02x}", b);
  }
  return out;
}

std::string hex_bytes(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 3);
  for (const char ch : bytes) {
    if (!out.empty()) out += ' ';
    out += fmt::format("{:02x}", static_cast<unsigned char>(ch));
  }
  return out;
}

json scan_event_json(EpisodeEvent event, const ScanEpisode& episode, TimeFormat format) {
  json out{{"event", std::string(to_string(event))}};
  const json fields = scan_episode_json(episode, format);
  for (const auto& [key, value] : fields.items()) out[key] = value;
  return out;
}

}  // namespace gp::scan
