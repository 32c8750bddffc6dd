// The sensor's side of the merged picture: a FlowSink beside the run's own analysis that
// collects the finished flows into mergeable summaries (summary_message.hpp) and hands each
// to `send` when it is cut — every `interval` of network time, early when it grows past
// what one NATS message should carry, and once more (final) when the capture ends.
// The summary's model is built by a TrafficAnalyzer of its own with the run's rules and
// protocol identification, so a collector merging summaries sees what `analyze` would.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "annotate/traffic_analyzer.hpp"
#include "capture/flow/flow_table.hpp"
#include "rules/rule_set.hpp"
#include "distribute/summary_message.hpp"

namespace gp::distribute {

struct SummaryOptions {
  std::string sensor;
  std::string run;
  TimeNs interval = 60'000'000'000;  // network time between summaries
  // Cut early past these, so a summary stays well under NATS's 1 MB message limit (a
  // conversation costs up to ~2.5 KB encoded, an observation ~100 bytes).
  std::size_t max_conversations = 250;
  std::size_t max_observations = 4000;
};

class SensorSummaries final : public FlowSink {
 public:
  using AnalyzerFactory = std::function<std::unique_ptr<TrafficAnalyzer>()>;
  using Send = std::function<void(const SensorSummary&)>;

  SensorSummaries(SummaryOptions options, AnalyzerFactory make_analyzer, const rules::RuleSet& rules, Send send);

  void flow_ended(const Flow& flow, const ConnRecord& record) override;
  // The network clock moved to `now` without a flow ending (live, once a second): past the
  // interval, a summary is cut even if empty, so the collector knows this sensor is there
  // and how far its traffic has been summarised.
  void tick(TimeNs now);
  // The final summary (call once, after the last flow).
  void finish();
  std::uint64_t summaries() const { return sequence_; }

 private:
  void cut(bool final, bool even_empty = false);

  SummaryOptions options_;
  AnalyzerFactory make_analyzer_;
  const rules::RuleSet& rules_;
  Send send_;
  std::unique_ptr<TrafficAnalyzer> analyzer_;
  std::vector<ScanObservation> scan_;
  std::uint64_t flows_ = 0;
  std::uint64_t scan_ignored_ = 0;
  std::uint64_t sequence_ = 0;
  TimeNs clock_ = 0;    // latest flow end seen (the sensor's network clock)
  TimeNs cut_due_ = 0;  // next interval boundary
};

}  // namespace gp::distribute
