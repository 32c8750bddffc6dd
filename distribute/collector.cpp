#include "distribute/collector.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "classify/features/model_codec.hpp"

namespace gp::distribute {

Collector::Collector(TrafficAnalyzer& analyzer, scan::ScanDetector& detector, const rules::RuleSet& rules,
                     std::size_t expected_runs, std::size_t max_buffered)
    : analyzer_(analyzer),
      detector_(detector),
      rules_(rules),
      expected_runs_(expected_runs),
      max_buffered_(max_buffered) {}

std::string Collector::add(std::string_view message) {
  try {
    add(decode_summary(message));
    return {};
  } catch (const std::exception& e) {
    ++counters_.malformed;
    return e.what();
  }
}

void Collector::add(SensorSummary s) {
  auto [it, new_run] = runs_.try_emplace(s.run);
  Run& run = it->second;
  if (run.merged.contains(s.sequence)) {
    ++counters_.duplicates;
    return;
  }
  // Decode everything before merging anything: a malformed summary changes nothing.
  TrafficModel model(TrafficModelConfig{.max_conversations = std::numeric_limits<std::size_t>::max(),
                                        .max_clients = std::numeric_limits<std::size_t>::max(),
                                        .max_services = std::numeric_limits<std::size_t>::max()});
  FlowHits hits;
  try {
    merge_model_json(s.model, model);
    merge_hits(s.hits, hits);
  } catch (...) {
    if (new_run) runs_.erase(it);
    throw;
  }
  if (new_run) {
    ++counters_.runs;
    run_index_.emplace(s.run, static_cast<std::uint32_t>(run_index_.size()));
  }
  analyzer_.merge(model, hits);
  analyzer_.merge_expected(s.expected);
  detector_.count_ignored(s.scan_ignored);
  run.merged.insert(s.sequence);
  run.through = std::max(run.through, s.through);
  if (s.final && !run.final) {
    run.final = true;
    ++counters_.finished_runs;
  }
  counters_.sensors.insert(s.sensor);
  ++counters_.summaries;
  counters_.flows += s.flows;
  const std::uint32_t index = run_index_.at(s.run);
  for (std::size_t i = 0; i < s.scan.size(); ++i) {
    pending_.push_back({s.scan[i].ended_at, index, s.sequence, static_cast<std::uint32_t>(i), std::move(s.scan[i])});
  }
  release(watermark());
  if (pending_.size() > max_buffered_) {
    // A run that went quiet without its final summary: do not wait for it past the bound.
    const std::size_t over = pending_.size() - max_buffered_;
    std::nth_element(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(over), pending_.end(),
                     [](const Pending& a, const Pending& b) { return a.ended_at < b.ended_at; });
    const TimeNs cut = pending_[over].ended_at;
    const std::size_t before = counters_.observations;
    release(cut);
    counters_.released_early += counters_.observations - before;
  }
}

void Collector::merge_hits(const nlohmann::json& hits, FlowHits& into) {
  for (std::size_t i = 0; i < hits.size(); ++i) {
    const nlohmann::json& h = hits[i];
    const std::string where = fmt::format("summary.hits[{}]", i);
    if (!h.is_array() || h.size() != 5 || !h[2].is_number_unsigned() || !h[3].is_number_unsigned() ||
        h[2].get<std::uint64_t>() > 65535 || h[3].get<std::uint64_t>() > 255 || !h[4].is_array()) {
      throw std::runtime_error(where + ": expected [client, server, port, ip_proto, [[rule, reason], …]]");
    }
    const ConversationKey key{address_from_json(h[0], where + "[0]"), address_from_json(h[1], where + "[1]"),
                              h[2].get<std::uint16_t>(), h[3].get<std::uint8_t>()};
    std::vector<rules::FlowRuleHit>& list = into[key];
    for (const nlohmann::json& r : h[4]) {
      if (!r.is_array() || r.size() != 2 || !r[0].is_string() || !r[1].is_string()) {
        throw std::runtime_error(where + "[4]: expected [rule id, reason] pairs");
      }
      const rules::RuleEntry* entry = rules_.find(r[0].get<std::string>());
      if (entry == nullptr) {
        ++counters_.unknown_rules;
        continue;
      }
      list.push_back({static_cast<std::size_t>(entry - rules_.entries().data()), r[1].get<std::string>()});
    }
  }
}

TimeNs Collector::watermark() const {
  if (expected_runs_ == 0 || runs_.size() < expected_runs_) return std::numeric_limits<TimeNs>::min();
  TimeNs mark = std::numeric_limits<TimeNs>::max();
  for (const auto& [name, run] : runs_) {
    // A run's next summary may still hold flows that ended at its `through` itself.
    if (!run.final) mark = std::min(mark, run.through - 1);
  }
  return mark;
}

void Collector::release(TimeNs up_to) {
  const auto ready =
      std::partition(pending_.begin(), pending_.end(), [up_to](const Pending& p) { return p.ended_at <= up_to; });
  // The order one sensor would have seen them in: by when they ended, then by sensor run,
  // then as that run sent them.
  std::sort(pending_.begin(), ready, [](const Pending& a, const Pending& b) {
    return std::tie(a.ended_at, a.run, a.sequence, a.index) < std::tie(b.ended_at, b.run, b.sequence, b.index);
  });
  for (auto p = pending_.begin(); p != ready; ++p) {
    detector_.observe(p->observation.record, p->observation.evidence);
    ++counters_.observations;
  }
  pending_.erase(pending_.begin(), ready);
}

void Collector::finish() { release(std::numeric_limits<TimeNs>::max()); }

}  // namespace gp::distribute
