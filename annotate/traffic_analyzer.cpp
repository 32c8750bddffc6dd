#include "annotate/traffic_analyzer.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <thread>

#include "annotate/port_rollup.hpp"
#include "classify/features/flow_features.hpp"
#include "classify/features/orientation.hpp"
#include "rules/label.hpp"

namespace gp {
namespace {

std::string render_value(const FeatureValue& v, std::string_view unit) {
  return std::visit(
      [&unit](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return "-";
        } else if constexpr (std::is_same_v<T, double>) {
          if (unit == "ratio") return fmt::format("{:.2f}", x);
          if (x == static_cast<double>(static_cast<long long>(x))) {
            return fmt::format("{}{}{}", static_cast<long long>(x), unit.empty() ? "" : " ", unit);
          }
          return fmt::format("{:.3g}{}{}", x, unit.empty() ? "" : " ", unit);
        } else if constexpr (std::is_same_v<T, bool>) {
          return x ? "true" : "false";
        } else if constexpr (std::is_same_v<T, std::string_view>) {
          return std::string(x);
        } else {
          return x.to_string();
        }
      },
      v);
}

}  // namespace

std::span<const rules::FlowRuleHit> TrafficAnalyzer::flow_hits(const ConversationKey& key) const {
  const auto it = flow_hits_.find(key);
  return it == flow_hits_.end() ? std::span<const rules::FlowRuleHit>{}
                                : std::span<const rules::FlowRuleHit>(it->second);
}

bool is_orphan_like(std::string_view standing) {
  return standing == "orphaned" || standing == "unofficial" || standing == "unassigned";
}

TrafficAnalyzer::TrafficAnalyzer(AnalyzerOptions options, const VerdictEngine& engine)
    : options_(std::move(options)), engine_(engine), model_(options_.model) {}

void TrafficAnalyzer::flow_ended(const Flow& flow, const ConnRecord& record) {
  if (options_.observe_flow) options_.observe_flow(flow, record);
  std::uint8_t client_protocol = 0;
  std::uint8_t server_protocol = 0;
  const Orientation o = orient(flow, record);
  if (options_.identify) {
    const PayloadSample& c = flow.evidence.first_payload[o.client_is_orig ? 0 : 1];
    const PayloadSample& s = flow.evidence.first_payload[o.client_is_orig ? 1 : 0];
    if (!c.empty()) client_protocol = options_.identify(c, true, record.ip_proto);
    if (!s.empty()) server_protocol = options_.identify(s, false, record.ip_proto);
  }
  const ConversationKey key{o.client, o.server, o.port, o.ip_proto};
  if (options_.judge_when_full && model_.conversations().size() >= model_.config().max_conversations &&
      !model_.conversations().contains(key)) {
    judge_quietest();
  }
  model_.add(flow, record, client_protocol, server_protocol);
  if (flow.evidence.announced.total != 0) expected_.note(flow, key);
  if (engine_.has_flow_rules()) {
    if (!model_.conversations().contains(key)) return;  // over the cap: counted by the model
    const FlowFeatures features(flow, record, o.client_is_orig ? client_protocol : server_protocol, options_.internal);
    std::vector<rules::FlowRuleHit> hits;
    if (const auto it = flow_hits_.find(key); it != flow_hits_.end()) hits = std::move(it->second);
    engine_.match_flow(features, hits);
    if (!hits.empty()) flow_hits_[key] = std::move(hits);
  }
}

TrafficAnalyzer::ControlVerdicts TrafficAnalyzer::judge_controls(std::span<const ModelEntry* const> ordered,
                                                                 const FeatureContext& context,
                                                                 const ScanInfoProvider& scan_info) const {
  ControlVerdicts controls;
  if (expected_.size() == 0) return controls;
  for (const ModelEntry* entry : ordered) {
    const ConversationKey& key = entry->first;
    if (key.ip_proto != 6) continue;
    const ExpectedSource* source = expected_.find(key.client, key.server, key.port, entry->second.first_start);
    if (source == nullptr || source->control == key || source->control.ip_proto != 6) continue;
    if (controls.contains(source->control)) continue;
    if (const auto early = early_controls_.find(source->control); early != early_controls_.end()) {
      controls.emplace(early->first, early->second);  // judged before the end
      continue;
    }
    const auto control = model_.conversations().find(source->control);
    if (control == model_.conversations().end()) continue;  // the control one is over the cap
    const ClientScanInfo scan = scan_info ? scan_info(control->first.client) : ClientScanInfo{};
    controls.emplace(source->control, judge(control->first, control->second, context, scan).verdict);
  }
  return controls;
}

void TrafficAnalyzer::apply_expected(const ConversationKey& key, TimeNs start, const ControlVerdicts& controls,
                                     ConversationResult& data) const {
  if (controls.empty() || key.ip_proto != 6) return;
  const ExpectedSource* source = expected_.find(key.client, key.server, key.port, start);
  if (source == nullptr || source->control == key) return;
  const auto control = controls.find(source->control);
  if (control == controls.end()) return;
  const Verdict& verdict = control->second;
  data.verdict = verdict;
  data.expected_by = fmt::format("{} -> {}:{}", source->control.client.to_string(), source->control.server.to_string(),
                                 source->control.port);
  data.verdict.evidence.insert(data.verdict.evidence.begin(),
                               RuleEvidence{"expected_connection", verdict.label, 0.0, false,
                                            expected_reason(*source, key.server, key.port, verdict.label)});
}

void TrafficAnalyzer::merge_expected(std::span<const ExpectedSource> sources) {
  for (const ExpectedSource& s : sources) expected_.add(s);
}

void TrafficAnalyzer::merge(const TrafficModel& model, const FlowHits& hits) {
  model_.merge(model);
  if (&hits == &flow_hits_) return;  // our own: nothing new
  for (const auto& [key, theirs] : hits) {
    if (!model_.conversations().contains(key)) continue;  // over the cap, as in flow_ended()
    std::vector<rules::FlowRuleHit>& mine = flow_hits_[key];
    for (const rules::FlowRuleHit& hit : theirs) {
      const bool known = std::any_of(mine.begin(), mine.end(), [&hit](const auto& h) { return h.entry == hit.entry; });
      if (!known) mine.push_back(hit);
    }
    if (mine.empty()) flow_hits_.erase(key);  // an empty list from the sender
  }
}

void TrafficAnalyzer::note_missing_statistics(const ConversationStats& stats, Verdict& verdict) const {
  if (stats.client_table_full == 0 && stats.service_table_full == 0) return;
  const TrafficModelConfig& cfg = model_.config();
  const std::string_view what = stats.client_table_full == 0    ? "its service's"
                                : stats.service_table_full == 0 ? "its client's"
                                                                : "its client's and its service's";
  verdict.evidence.push_back(RuleEvidence{
      "model_table_full", std::nullopt, 0.0, false,
      fmt::format("judged without {} statistics for {} of its {} flows: the model's client and service tables "
                  "were full ({} clients, {} services); rules on them did not see this conversation",
                  what, std::max(stats.client_table_full, stats.service_table_full), stats.flows, cfg.max_clients,
                  cfg.max_services)});
}

ConversationResult TrafficAnalyzer::judge(const ConversationKey& key, const ConversationStats& stats,
                                          const FeatureContext& context) const {
  return judge(key, stats, context, options_.scan_info ? options_.scan_info(key.client) : ClientScanInfo{});
}

ConversationResult TrafficAnalyzer::judge(const ConversationKey& key, const ConversationStats& stats,
                                          const FeatureContext& context, const ClientScanInfo& scan) const {
  // A probe judged early (the model was full) still came before this part's session.
  std::optional<ConversationStats> whole;
  if (const auto probe = early_chains_.answered_probe(key); probe && *probe < stats.first_answered_probe) {
    whole = stats;
    whole->first_answered_probe = *probe;
  }
  const ConversationFeatures features(key, whole ? *whole : stats, context, scan);
  ConversationResult c;
  c.client = key.client;
  c.server = key.server;
  c.port = key.port;
  c.ip_proto = key.ip_proto;
  c.flows = stats.flows;
  c.client_bytes = stats.client_bytes;
  c.server_bytes = stats.server_bytes;
  c.first_start = stats.first_start;
  c.last_end = stats.last_end;
  c.open_at_end = stats.open_at_end;
  const FeatureValue protocol = features.get(feature_id<"protocol">());
  if (const auto* p = std::get_if<std::string_view>(&protocol)) c.protocol = std::string(*p);
  const FeatureValue registered = features.get(feature_id<"registered_protocol">());
  c.registered_protocol = std::get_if<bool>(&registered) != nullptr && std::get<bool>(registered);
  c.verdict = engine_.judge(features, flow_hits(key));
  note_missing_statistics(stats, c.verdict);
  if (options_.keep_features_for && options_.keep_features_for(key.port, key.ip_proto)) {
    const auto catalog = feature_catalog();
    for (std::size_t i = 0; i < catalog.size(); ++i) {
      if (catalog[i].scope != FeatureScope::group) continue;
      c.features.emplace_back(std::string(catalog[i].name),
                              render_value(features.get(static_cast<FeatureId>(i)), catalog[i].unit));
    }
  }
  return c;
}

void TrafficAnalyzer::judge_quietest() {
  const std::vector<const ModelEntry*> quietest = model_.quietest_eighth();
  const ScanInfoProvider& scan_info = options_.scan_info_now ? options_.scan_info_now : options_.scan_info;
  const FeatureContext context{model_, options_.registry, options_.internal, options_.standard_port};
  const ControlVerdicts controls = judge_controls(quietest, context, scan_info);
  std::unordered_set<ConversationKey, ConversationKeyHash> announcers;
  for (const ExpectedSource& source : expected_.sources()) announcers.insert(source.control);
  const std::string note = fmt::format(
      "judged before the end of the input: the traffic model was full ({} conversations, --max-conversations), "
      "so its quietest were judged on their flows so far and what scan detection knew of their clients then; a "
      "later flow of this conversation is judged as a new one",
      model_.config().max_conversations);
  std::vector<ConversationKey> judged;
  judged.reserve(quietest.size());
  for (const ModelEntry* entry : quietest) {
    const ConversationKey& key = entry->first;
    const ClientScanInfo scan = scan_info ? scan_info(key.client) : ClientScanInfo{};
    ConversationResult c = judge(key, entry->second, context, scan);
    early_chains_.note_leaving(model_, key, entry->second, [&scan](const IpAddress&) { return scan.scanner; });
    if (entry->second.client_table_full > 0 || entry->second.service_table_full > 0) ++early_without_statistics_;
    apply_expected(key, entry->second.first_start, controls, c);
    if (announcers.contains(key)) early_controls_.insert_or_assign(key, c.verdict);
    c.verdict.evidence.push_back(RuleEvidence{"judged_before_end", std::nullopt, 0.0, false, note});
    auto [port, _] =
        early_ports_.try_emplace({key.ip_proto, key.port}, PortKey{key.port, key.ip_proto}, options_.registry);
    // Members for the top hosts: at most as many as the model holds conversations.
    const bool member = early_members_ < model_.config().max_conversations;
    early_members_ += member ? 1 : 0;
    port->second.add(key, c, member);
    if (options_.on_judged) options_.on_judged(c);
    if (keeps_conversations_of(key.port, key.ip_proto)) early_results_.push_back(std::move(c));
    judged.push_back(key);
  }
  for (const ConversationKey& key : judged) {
    flow_hits_.erase(key);
    model_.erase_conversation(key);
  }
  judged_before_end_ += judged.size();
}

void TrafficAnalyzer::add_early_results(AnalysisResult& result) const {
  std::vector<ConversationResult> all = early_results_;
  all.insert(all.end(), std::make_move_iterator(result.conversations.begin()),
             std::make_move_iterator(result.conversations.end()));
  std::stable_sort(all.begin(), all.end(), in_key_order);
  std::map<std::pair<std::uint8_t, std::uint16_t>, PortResult*> ports;
  for (PortResult& p : result.ports) {
    p.conversations.clear();
    ports.emplace(std::make_pair(p.ip_proto, p.port), &p);
  }
  for (std::size_t i = 0; i < all.size(); ++i) ports.at({all[i].ip_proto, all[i].port})->conversations.push_back(i);
  result.conversations = std::move(all);
}

AnalysisResult TrafficAnalyzer::finish(std::span<const scan::ScanEpisode> scans) const {
  AnalysisResult result;
  result.unmodelled_flows = model_.dropped_flows();
  result.max_conversations = options_.model.max_conversations;
  result.max_clients = std::min(options_.model.max_clients, options_.model.max_services);
  result.judged_before_end = judged_before_end_;
  result.judged_before_end_untracked = judged_before_end_ - early_members_;
  result.judged_without_statistics = early_without_statistics_;
  const FeatureContext context{model_, options_.registry, options_.internal, options_.standard_port};

  // The model is a hash table: its order depends on the order flows ended in and on the
  // table's history. Judging conversations in key order makes every tie below (the port's
  // top reason, --explain's order) a function of the traffic alone, and puts each port's
  // conversations next to each other, so a port is rolled up as soon as its last is judged.
  const std::vector<const ModelEntry*> ordered = model_.conversations_in_key_order();
  model_.prepare_for_readers();
  const ControlVerdicts controls = judge_controls(ordered, context, options_.scan_info);
  const ScanEpisodeHosts scan_hosts(scans);
  if (options_.keep_conversations && !options_.keep_conversations_of) result.conversations.reserve(ordered.size());

  // A port adds the rollup of its conversations judged before the end, if it had any.
  std::optional<PortRollup> port;
  PortKey current;
  const PortRollup* earlier = nullptr;
  std::set<std::pair<std::uint8_t, std::uint16_t>> with_early;  // ports whose early rollup was added
  // Whether the current port's conversations are kept, and where they start in the result.
  bool port_kept = false;
  std::size_t port_begin = 0;
  const auto close_port = [&] {
    PortResult p = port->finish(model_.port(current), scan_hosts, earlier);
    if (port_kept) {
      for (std::size_t i = port_begin; i < result.conversations.size(); ++i) p.conversations.push_back(i);
    }
    result.ports.push_back(std::move(p));
  };

  // Judging is read-only on the model and the scan results, so a window of conversations is
  // judged on several threads, each taking a contiguous run; the window then rolls up in
  // order. Only one window of results is held unless the caller keeps them all.
  const std::size_t threads =
      std::clamp<std::size_t>(options_.judge_threads, 1, std::max<std::size_t>(1, ordered.size() / 256));
  const std::size_t window_size = 4096 * threads;
  std::vector<ConversationResult> window;
  for (std::size_t from = 0; from < ordered.size(); from += window_size) {
    const std::size_t to = std::min(ordered.size(), from + window_size);
    window.clear();
    window.resize(to - from);
    const auto judge_range = [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) {
        const ModelEntry& entry = *ordered[from + i];
        window[i] = judge(entry.first, entry.second, context);
        apply_expected(entry.first, entry.second.first_start, controls, window[i]);
      }
    };
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t) {
      pool.emplace_back(judge_range, window.size() * t / threads, window.size() * (t + 1) / threads);
    }
    judge_range(0, window.size() / threads);
    for (auto& th : pool) th.join();

    for (std::size_t i = 0; i < window.size(); ++i) {
      const ConversationKey& key = ordered[from + i]->first;
      const ConversationStats& stats = ordered[from + i]->second;
      const PortKey port_key{key.port, key.ip_proto};
      if (!port || !(port_key == current)) {
        if (port) close_port();
        current = port_key;
        port_kept = keeps_conversations_of(port_key.port, port_key.ip_proto);
        port_begin = result.conversations.size();
        port.emplace(port_key, options_.registry);
        const auto e = early_ports_.find({port_key.ip_proto, port_key.port});
        earlier = e == early_ports_.end() ? nullptr : &e->second;
        if (earlier != nullptr) with_early.insert(e->first);
      }
      if (stats.client_table_full > 0 || stats.service_table_full > 0) ++result.judged_without_statistics;
      port->add(key, window[i]);
      if (options_.on_judged) options_.on_judged(window[i]);
      if (port_kept) result.conversations.push_back(std::move(window[i]));
    }
  }
  if (port) close_port();
  for (const auto& [key, rollup] : early_ports_) {  // ports whose every conversation was judged early
    if (with_early.contains(key)) continue;
    const PortKey port_key{key.second, key.first};
    result.ports.push_back(PortRollup(port_key, options_.registry).finish(model_.port(port_key), scan_hosts, &rollup));
  }
  if (options_.keep_conversations && !early_results_.empty()) add_early_results(result);
  if (options_.scan_info) {
    result.scan_chains = find_scan_chains(model_, options_.scan_info, &early_chains_);
    result.scan_chains_left_out = early_chains_.left_out();
  }
  std::stable_sort(result.ports.begin(), result.ports.end(), [](const PortResult& a, const PortResult& b) {
    const bool ao = is_orphan_like(a.standing);
    const bool bo = is_orphan_like(b.standing);
    if (ao != bo) return ao;
    if (a.flows != b.flows) return a.flows > b.flows;
    return std::tie(a.ip_proto, a.port) < std::tie(b.ip_proto, b.port);
  });
  return result;
}

}  // namespace gp
