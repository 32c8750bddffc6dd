#include "distribute/sensor_summaries.hpp"

#include "classify/features/model_codec.hpp"
#include "classify/scan/probe.hpp"

namespace gp::distribute {

SensorSummaries::SensorSummaries(SummaryOptions options, AnalyzerFactory make_analyzer, const rules::RuleSet& rules,
                                 Send send)
    : options_(std::move(options)),
      make_analyzer_(std::move(make_analyzer)),
      rules_(rules),
      send_(std::move(send)),
      analyzer_(make_analyzer_()) {}

void SensorSummaries::flow_ended(const Flow& flow, const ConnRecord& record) {
  clock_ = std::max(clock_, record.last);
  if (cut_due_ == 0) cut_due_ = clock_ + options_.interval;
  if (clock_ >= cut_due_) {
    cut(false);
    cut_due_ = clock_ + options_.interval;
  }
  analyzer_->flow_ended(flow, record);
  ++flows_;
  // What scan detection counts (scan/probe.hpp): probes and sessions; the rest it ignores.
  const scan::Probe probe = scan::classify_probe(record, flow.evidence);
  if (probe.kind != scan::ProbeKind::other) {
    ScanObservation& o = scan_.emplace_back();
    o.ended_at = clock_;
    o.record = record;
    o.record.uid.clear();
    o.record.tunnel_parents.clear();
    o.evidence = flow.evidence;
    o.payload_side = probe.source == record.orig_h ? 0 : 1;
  } else {
    ++scan_ignored_;
  }
  if (analyzer_->model().conversations().size() >= options_.max_conversations ||
      scan_.size() >= options_.max_observations) {
    cut(false);
  }
}

void SensorSummaries::tick(TimeNs now) {
  clock_ = std::max(clock_, now);
  if (cut_due_ == 0) cut_due_ = clock_ + options_.interval;
  if (clock_ < cut_due_) return;
  cut(false, true);
  cut_due_ = clock_ + options_.interval;
}

void SensorSummaries::finish() { cut(true); }

void SensorSummaries::cut(bool final, bool even_empty) {
  if (flows_ == 0 && !final && !even_empty) return;
  SensorSummary s;
  s.sensor = options_.sensor;
  s.run = options_.run;
  s.sequence = sequence_++;
  s.through = clock_;
  s.final = final;
  s.flows = flows_;
  s.scan_ignored = scan_ignored_;
  s.model = model_to_json(analyzer_->model());
  s.hits = nlohmann::json::array();
  for (const auto& [key, hits] : analyzer_->all_flow_hits()) {
    nlohmann::json list = nlohmann::json::array();
    for (const rules::FlowRuleHit& h : hits) list.push_back({rules_.entries().at(h.entry).rule.id, h.reason});
    s.hits.push_back({address_json(key.client), address_json(key.server), key.port, key.ip_proto, std::move(list)});
  }
  s.scan = std::move(scan_);
  s.expected = analyzer_->expected().sources();
  send_(s);
  scan_.clear();
  flows_ = 0;
  scan_ignored_ = 0;
  analyzer_ = make_analyzer_();
}

}  // namespace gp::distribute
