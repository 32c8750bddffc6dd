#include "live/live_monitor.hpp"

#include <algorithm>

#include "capture/flow/community_id.hpp"
#include "classify/features/conversation_features.hpp"
#include "classify/features/orientation.hpp"
#include "classify/features/port_standing.hpp"
#include "classify/features/scan_chain.hpp"
#include "classify/features/scan_chain_json.hpp"
#include "classify/protocol/zeek_service.hpp"
#include "classify/scan/scan_episode_json.hpp"
#include "report/time_format.hpp"

namespace gp::live {
namespace {

std::size_t index_of(rules::Label l) { return static_cast<std::size_t>(l); }

double seconds(TimeNs t) { return report::to_seconds(t); }

// A scan touches every port it probes: a port going from nothing to scanner_noise is what
// scan_started already said, and would be one event per probed port.
bool is_scan_noise_only(rules::Label now, rules::Label before) {
  return now == rules::Label::scanner_noise && before == rules::Label::unknown;
}

std::string_view flow_end_name(FlowEnd e) {
  switch (e) {
    case FlowEnd::inactivity_timeout: return "timeout";
    case FlowEnd::evicted: return "evicted";
    case FlowEnd::end_of_input: return "shutdown";
  }
  return "timeout";
}

// The reasons for the verdict's own label first (what an analyst reads), then the rest.
nlohmann::ordered_json reasons_of(const Verdict& v) {
  auto out = nlohmann::ordered_json::array();
  for (const RuleEvidence& e : v.evidence) {
    if (e.supports(v.label)) out.push_back(e.reason);
  }
  for (const RuleEvidence& e : v.evidence) {
    if (!e.supports(v.label)) {
      out.push_back(fmt::format("{} {}: {}", e.against ? "against" : "for", e.label_name(), e.reason));
    }
  }
  return out;
}

nlohmann::ordered_json rules_of(const Verdict& v) {
  auto out = nlohmann::ordered_json::array();
  for (const RuleEvidence& e : v.evidence) out.push_back(e.rule_id);
  return out;
}

}  // namespace

LiveMonitor::LiveMonitor(FlowSink& engine, const TrafficAnalyzer& analyzer, scan::ScanDetector& detector,
                         const registry::PortRegistry* registry, EventWriter& events, MonitorOptions options)
    : engine_(engine),
      analyzer_(analyzer),
      detector_(detector),
      registry_(registry),
      events_(events),
      options_(options) {
  // Set before the first flow: the detector reports every transition from its first probe.
  detector_.set_episode_listener(
      [this](scan::EpisodeEvent event, const scan::ScanEpisode& episode) { on_episode(event, episode); });
}

Event LiveMonitor::scan_fields(std::string_view event, const IpAddress& source, const scan::SourceSummary* s,
                               TimeNs now) const {
  Event e;
  e["event"] = event;
  e["ts"] = events_.time(now);
  e["source"] = source.to_string();
  if (s != nullptr) {
    e["type"] = scan::to_string(s->type);
    e["tool"] = scan::to_string(s->tool);
    e["technique"] = scan::to_string(s->technique);
    e["probes"] = s->probes;
    e["ports"] = s->distinct_ports;
    e["hosts"] = s->distinct_hosts;
    e["first"] = events_.time(s->first);
    e["last"] = events_.time(s->last);
    e["unanswered_ratio"] = s->unanswered_ratio;
  }
  return e;
}

// The conn.log fields of a flow event, then who is client and server.
Event LiveMonitor::conn_event(std::string_view event, const ConnRecord& record, const Orientation& o) const {
  Event e;
  e["event"] = event;
  e["ts"] = events_.time(record.last);
  e["uid"] = record.uid;
  e["community_id"] = community_id_v1(record.orig_h, record.orig_p, record.resp_h, record.resp_p, record.ip_proto);
  e["orig_h"] = record.orig_h.to_string();
  e["orig_p"] = record.orig_p;
  e["resp_h"] = record.resp_h.to_string();
  e["resp_p"] = record.resp_p;
  e["proto"] = transport_name(record.ip_proto);
  e["conn_state"] = to_string(record.state);
  e["history"] = record.history;
  e["start"] = events_.time(record.start);
  e["duration"] = seconds(record.duration());
  e["orig_bytes"] = record.orig_bytes;
  e["resp_bytes"] = record.resp_bytes;
  e["orig_pkts"] = record.orig_pkts;
  e["resp_pkts"] = record.resp_pkts;
  e["client"] = o.client.to_string();
  e["server"] = o.server.to_string();
  e["port"] = o.port;
  e["transport"] = transport_name(o.ip_proto);
  return e;
}

void LiveMonitor::flow_interim(const Flow& flow, const ConnRecord& record, std::uint64_t nth) {
  Event e = conn_event("flow_interim", record, orient(flow, record));
  if (const std::string_view service = zeek_service(flow.evidence, record.ip_proto); !service.empty()) {
    e["service"] = service;
  }
  e["interim"] = nth;
  ++counters_.interim_records;
  events_.write(e);
}

void LiveMonitor::flow_ended(const Flow& flow, const ConnRecord& record) {
  engine_.flow_ended(flow, record);  // the model and scan detection, as in analyze
  ++counters_.flows;

  const Orientation o = orient(flow, record);
  const ConversationKey key{o.client, o.server, o.port, o.ip_proto};
  PortState& port = ports_[PortKey{o.port, o.ip_proto}];
  ++port.flows;

  // The client's scan status as AnalysisEngine gives it to finish(), while its scan episode
  // is open (scan detection's summaries exist only after finish()): a backscatter emitter
  // is a victim, not a scanner. The counts are today's, not the episode's last update.
  ClientScanInfo scan_info;
  if (const auto a = active_.find(o.client); a != active_.end() && a->second.type != scan::ScanType::backscatter) {
    scan_info.scanner = true;
    scan_info.tool = scan::to_string(a->second.tool);
    scan_info.scan_ports = a->second.ports;
    scan_info.scan_hosts = a->second.hosts;
    if (const auto so_far = detector_.probed_so_far(o.client)) {
      scan_info.scan_ports = so_far->ports;
      scan_info.scan_hosts = so_far->hosts;
    }
  }
  std::optional<ConversationKey> control;
  const std::optional<Verdict> verdict = analyzer_.judge_now(key, scan_info, &control);
  if (verdict) vote(key, *verdict, port, record.last);
  else ++counters_.unjudged_flows;
  if (scan_info.scanner) announce_chain(key, scan_info, record.last);
  if (control) {
    std::vector<ConversationKey>& waiting = awaiting_control_[*control];
    if (std::find(waiting.begin(), waiting.end(), key) == waiting.end()) {
      if (awaiting_ < kMaxAwaitingControl) {
        waiting.push_back(key);
        ++awaiting_;
      } else {
        ++counters_.awaiting_control_dropped;
      }
    }
  }
  settle_awaiting(key, record.last);

  Event e = conn_event("flow", record, o);
  if (const std::string_view service = zeek_service(flow.evidence, record.ip_proto); !service.empty()) {
    e["service"] = service;  // Zeek's conn.log name, as in flows and --log-dir
  }
  e["ended"] = flow_end_name(record.end);
  if (verdict) {
    e["label"] = rules::to_string(verdict->label);
    e["confidence"] = verdict->confidence;
    e["reasons"] = reasons_of(*verdict);
    e["rules"] = rules_of(*verdict);
  } else {
    e["label"] = rules::to_string(rules::Label::unknown);
    e["confidence"] = 0.0;
    e["unjudged"] = "the traffic model is full (--max-conversations)";
  }
  events_.write(e);
}

void LiveMonitor::settle_awaiting(const ConversationKey& control, TimeNs now) {
  const auto it = awaiting_control_.find(control);
  if (it == awaiting_control_.end()) return;
  const std::vector<ConversationKey> waiting = std::move(it->second);
  awaiting_control_.erase(it);
  awaiting_ -= waiting.size();
  for (const ConversationKey& key : waiting) {
    std::optional<ConversationKey> still;
    const std::optional<Verdict> verdict = analyzer_.judge_now(key, ClientScanInfo{}, &still);
    if (verdict && !still) vote(key, *verdict, ports_[PortKey{key.port, key.ip_proto}], now);
  }
}

// A scanner's session on a port that answered its scan: said once per conversation, as
// soon as the session is seen during the scan's episode (analyze's "scans followed by
// sessions"); finish() says the others, found over the whole capture.
void LiveMonitor::announce_chain(const ConversationKey& key, const ClientScanInfo& scan, TimeNs now) {
  const auto it = conversations_.find(key);
  if (it == conversations_.end() || it->second.chain_announced) return;
  const std::optional<ScanChain> chain = scan_chain_of(analyzer_.model(), key, scan);
  if (!chain) return;
  it->second.chain_announced = true;
  events_.write(chain_event(*chain, now));
  ++counters_.scan_chains;
}

Event LiveMonitor::chain_event(const ScanChain& chain, TimeNs now) const {
  Event e;
  e["event"] = "scan_chain";
  e["ts"] = events_.time(now);
  e.update(scan_chain_json(chain, [this](TimeNs t) { return events_.time(t); }));
  return e;
}

void LiveMonitor::on_episode(scan::EpisodeEvent event, const scan::ScanEpisode& episode) {
  Event e = scan::scan_event_json(event, episode, events_.time_format());
  e["ts"] = events_.time(episode.last);
  events_.write(e);
  switch (event) {
    case scan::EpisodeEvent::started: ++counters_.scans_started; [[fallthrough]];
    case scan::EpisodeEvent::updated: {
      ActiveScan& a = active_[episode.source];
      a.source = episode.source;
      a.type = episode.type;
      a.tool = episode.tool;
      a.started = episode.start;
      a.last_probe = episode.last;
      a.ports = episode.distinct_ports;
      a.hosts = episode.distinct_hosts;
      break;
    }
    case scan::EpisodeEvent::ended:
      ++counters_.scans_ended;
      active_.erase(episode.source);
      break;
  }
}

void LiveMonitor::tick(TimeNs now) { detector_.advance(now); }

void LiveMonitor::vote(const ConversationKey& key, const Verdict& verdict, PortState& port, TimeNs now) {
  const rules::Label label = verdict.label;
  auto [it, inserted] = conversations_.try_emplace(key);
  ConversationVerdict& c = it->second;
  if (!inserted) {
    port.votes.remove(c.label, c.confidence);
    --counters_.conversations_by_label[index_of(c.label)];
  }
  c.label = label;
  c.confidence = verdict.confidence;
  port.votes.add(label, verdict.confidence);
  ++counters_.conversations_by_label[index_of(label)];

  const rules::Label now_label = port.votes.port_label();
  if (now_label == port.label) return;
  if (is_scan_noise_only(now_label, port.label)) {
    port.label = now_label;
    return;
  }
  Event e = port_label_event(key.port, key.ip_proto, now_label, port.label, port, now);
  if (label == now_label && !verdict.evidence.empty()) e["reason"] = reasons_of(verdict).front();
  port.label = now_label;
  ++counters_.port_label_changes;
  events_.write(e);
}

Event LiveMonitor::port_label_event(std::uint16_t port, std::uint8_t ip_proto, rules::Label label,
                                    rules::Label previous, const PortState& state, TimeNs now) const {
  Event e;
  e["event"] = "port_label";
  e["ts"] = events_.time(now);
  e["port"] = port;
  e["transport"] = transport_name(ip_proto);
  e["service"] = port_service(registry_, port, ip_proto);
  e["standing"] = port_standing(registry_, port, ip_proto);
  e["label"] = rules::to_string(label);
  e["previous"] = rules::to_string(previous);
  auto by_label = nlohmann::ordered_json::object();
  for (const rules::Label l : rules::kAllLabels) {
    if (state.votes[l].conversations > 0) by_label[std::string(rules::to_string(l))] = state.votes[l].conversations;
  }
  e["conversations_by_label"] = by_label;
  return e;
}

void LiveMonitor::finish(const AnalysisResult& result, TimeNs now) {
  active_.clear();  // scan detection's finish() ended every episode (scan_ended, capture_end)

  for (const scan::SourceSummary& s : detector_.sources()) {
    if (!s.is_scanner) continue;
    Event e = scan_fields("scanner", s.address, &s, now);
    e["final"] = true;
    e["epoch"] = options_.epoch;
    events_.write(e);
  }
  // Chains the run did not announce (the session came after the scan's episode ended, or
  // before scan detection named the scanner): analyze's list is the final word.
  for (const ScanChain& chain : result.scan_chains) {
    const auto it = conversations_.find(ConversationKey{chain.client, chain.server, chain.port, chain.ip_proto});
    if (it != conversations_.end() && it->second.chain_announced) continue;
    Event e = chain_event(chain, now);
    e["final"] = true;
    e["epoch"] = options_.epoch;
    events_.write(e);
    ++counters_.scan_chains;
  }
  for (const ConversationResult& c : result.conversations) {
    Event e;
    e["event"] = "conversation";
    e["final"] = true;
    e["epoch"] = options_.epoch;
    e["ts"] = events_.time(now);
    e["client"] = c.client.to_string();
    e["server"] = c.server.to_string();
    e["port"] = c.port;
    e["transport"] = transport_name(c.ip_proto);
    e["flows"] = c.flows;
    e["client_bytes"] = c.client_bytes;
    e["server_bytes"] = c.server_bytes;
    e["first"] = events_.time(c.first_start);
    e["last"] = events_.time(c.last_end);
    e["protocol"] = c.protocol;
    e["label"] = rules::to_string(c.verdict.label);
    e["confidence"] = c.verdict.confidence;
    e["reasons"] = reasons_of(c.verdict);
    e["rules"] = rules_of(c.verdict);
    events_.write(e);
  }
  for (const PortResult& p : result.ports) {
    const rules::Label final_label = p.label;
    const auto it = ports_.find(PortKey{p.port, p.ip_proto});
    if (it != ports_.end() && it->second.label != final_label && !is_scan_noise_only(final_label, it->second.label)) {
      Event change = port_label_event(p.port, p.ip_proto, final_label, it->second.label, it->second, now);
      change["final"] = true;
      change["epoch"] = options_.epoch;
      change.erase("conversations_by_label");
      events_.write(change);
      ++counters_.port_label_changes;
    }
    Event e;
    e["event"] = "port";
    e["final"] = true;
    e["epoch"] = options_.epoch;
    e["ts"] = events_.time(now);
    e["port"] = p.port;
    e["transport"] = p.transport;
    e["service"] = p.service;
    e["standing"] = p.standing;
    e["flows"] = p.flows;
    e["clients"] = p.clients;
    e["servers"] = p.servers;
    e["bytes"] = p.bytes;
    e["label"] = rules::to_string(p.label);
    e["confidence"] = p.confidence;
    e["reason"] = p.top_reason;
    auto by_label = nlohmann::ordered_json::object();
    for (const LabelCount& l : p.breakdown) by_label[std::string(rules::to_string(l.label))] = l.conversations;
    e["conversations_by_label"] = by_label;
    events_.write(e);
  }
}

std::vector<PortFlows> LiveMonitor::top_ports(std::size_t n) const {
  std::vector<PortFlows> all;
  all.reserve(ports_.size());
  for (const auto& [k, s] : ports_) all.push_back({k.port, k.ip_proto, s.flows});
  const std::size_t keep = std::min(n, all.size());
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(keep), all.end(),
                    [](const PortFlows& a, const PortFlows& b) {
                      if (a.flows != b.flows) return a.flows > b.flows;
                      return std::tie(a.ip_proto, a.port) < std::tie(b.ip_proto, b.port);
                    });
  all.resize(keep);
  return all;
}

std::vector<ActiveScan> LiveMonitor::active_scans() const {
  std::vector<ActiveScan> out;
  out.reserve(active_.size());
  for (const auto& [k, a] : active_) out.push_back(a);
  std::sort(out.begin(), out.end(), [](const ActiveScan& a, const ActiveScan& b) { return a.started < b.started; });
  return out;
}

}  // namespace gp::live
