// The collector's side: merges every sensor's summaries into one analysis engine — the
// models into the analyzer's model, the flow-rule hits into its hits, the scan observations
// into one scan detector — so that finishing it gives the `analyze` and `scan-report`
// results of the whole network.
//
// Scan detection wants its flows in time order; sensors' summaries arrive interleaved and
// late. Observations wait in a buffer until every sensor run still going has sent a summary
// cut at or after their time (its `through`: the watermark), then go to the detector in
// time order. The collector cannot know of a sensor before its first summary, so unless it
// is told how many sensor runs to expect, everything waits for finish(). A run that stopped
// sending without a final summary would hold the buffer forever: past max_buffered the
// oldest go anyway, counted.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "annotate/traffic_analyzer.hpp"
#include "classify/scan/scan_detector.hpp"
#include "rules/rule_set.hpp"
#include "distribute/summary_message.hpp"

namespace gp::distribute {

struct CollectorCounters {
  std::uint64_t summaries = 0;   // merged
  std::uint64_t duplicates = 0;  // a (run, sequence) already merged: delivered again
  std::uint64_t malformed = 0;   // not a summary this version reads
  std::uint64_t flows = 0;
  std::uint64_t observations = 0;  // given to scan detection
  std::uint64_t released_early = 0;
  std::uint64_t unknown_rules = 0;  // hits of rules the collector does not have (rule sets differ)
  std::set<std::string> sensors;
  std::uint64_t runs = 0;
  std::uint64_t finished_runs = 0;
};

class Collector {
 public:
  // expected_runs: sensor runs to hear from before any observation is released (0: unknown).
  Collector(TrafficAnalyzer& analyzer, scan::ScanDetector& detector, const rules::RuleSet& rules,
            std::size_t expected_runs = 0, std::size_t max_buffered = 500'000);

  // One message from the stream: merged, or counted as malformed. Returns why not ("" = merged
  // or a duplicate).
  std::string add(std::string_view message);
  void add(SensorSummary summary);
  // Every observation still buffered goes to scan detection. Then finish the engine.
  void finish();
  const CollectorCounters& counters() const { return counters_; }

 private:
  struct Run {
    TimeNs through = 0;
    bool final = false;
    std::set<std::uint64_t> merged;  // sequences
  };
  struct Pending {
    TimeNs ended_at = 0;
    std::uint32_t run = 0;
    std::uint64_t sequence = 0;
    std::uint32_t index = 0;
    ScanObservation observation;
  };
  void merge_hits(const nlohmann::json& hits, FlowHits& into);
  TimeNs watermark() const;
  void release(TimeNs up_to);

  TrafficAnalyzer& analyzer_;
  scan::ScanDetector& detector_;
  const rules::RuleSet& rules_;
  std::size_t expected_runs_;
  std::size_t max_buffered_;
  std::map<std::string, Run> runs_;
  std::map<std::string, std::uint32_t> run_index_;
  std::vector<Pending> pending_;
  CollectorCounters counters_;
};

}  // namespace gp::distribute
