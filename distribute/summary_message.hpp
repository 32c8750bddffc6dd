// What a sensor publishes on ghostport.<sensor>.summary, and how it travels (MessagePack).
//
// A summary covers the flows that ended since the sensor's previous one and can be merged
// with any other sensor's, in any order:
//   - `model`: the traffic model of those flows (conversations, per-port, per-service and
//     per-client tables; classify/features/model_codec.hpp) — counts add exactly, distinct
//     counts merge as sets while small and as HyperLogLog registers after;
//   - `hits`: the flow rules that fired on each conversation's flows, by rule id;
//   - `scan`: one observation per flow that scan detection counts (probes and sessions):
//     the flow's connection record and the header fields of its first segment, without
//     payload except the first 64 bytes the source sent. Scan detection works on time
//     windows and episodes, which need each probe's time, so probes are not pre-aggregated;
//   - `expected` (optional: older sensors omit it): the control flows that announced later
//     connections (FTP), so the collector matches data connections to their control
//     connection as analyze does, whichever sensors saw the two.
// `through` is the sensor's network clock when the summary was cut: every flow that ended
// before it is in this summary or an earlier one (the collector's watermark).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "annotate/expected_connections.hpp"
#include "capture/flow/conn_record.hpp"
#include "capture/flow/flow_evidence.hpp"

namespace gp::distribute {

inline constexpr int kSummaryVersion = 1;

struct ScanObservation {
  TimeNs ended_at = 0;  // sensor's clock when the flow ended (orders observations across sensors)
  ConnRecord record;    // uid and tunnel_parents are not sent
  FlowEvidence evidence;
  std::uint8_t payload_side = 0;  // whose first payload travels (the probing source's): 0 orig, 1 resp
};

struct SensorSummary {
  std::string sensor;
  std::string run;             // random per sensor run: two runs of one sensor are two streams
  std::uint64_t sequence = 0;  // 0, 1, 2 … within the run
  TimeNs through = 0;
  bool final = false;              // the run's last summary (its capture ended)
  std::uint64_t flows = 0;         // flows summarised
  std::uint64_t scan_ignored = 0;  // of them, flows scan detection ignores (not in `scan`)
  nlohmann::json model;            // model_to_json()
  nlohmann::json hits;             // [[client, server, port, ip_proto, [[rule_id, reason], …]], …]
  std::vector<ScanObservation> scan;
  std::vector<ExpectedSource> expected;
};

std::string encode_summary(const SensorSummary& summary);
// Throws std::runtime_error naming the field when the bytes are not a summary this
// version understands.
SensorSummary decode_summary(std::string_view bytes);

// An address as 16 bytes (IPv4 mapped), and back; `where` names the field in errors.
nlohmann::json address_json(const IpAddress& a);
IpAddress address_from_json(const nlohmann::json& j, std::string_view where);

nlohmann::json expected_to_json(const ExpectedSource& e);
ExpectedSource expected_from_json(const nlohmann::json& j, std::string_view where);

nlohmann::json observation_to_json(const ScanObservation& o);
ScanObservation observation_from_json(const nlohmann::json& j, std::string_view where);

}  // namespace gp::distribute
