#include "annotate/flow_annotations.hpp"

#include <cmath>
#include <fmt/format.h>
#include <iterator>

#include "classify/features/conversation_features.hpp"
#include "classify/features/orientation.hpp"

namespace gp {

ConversationKey conversation_key(const Flow& flow, const ConnRecord& record) {
  const Orientation o = orient(flow, record);
  return ConversationKey{o.client, o.server, o.port, o.ip_proto};
}

double output_confidence(double confidence) { return std::round(confidence * 1000.0) / 1000.0; }

std::string format_confidence(double confidence) {
  std::string s = fmt::format("{:.3f}", output_confidence(confidence));
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s.empty() ? std::string("0") : s;
}

AnnotationIndex::AnnotationIndex(const AnalysisResult& result) : result_(result) {
  by_key_.reserve(result.conversations.size());
  for (std::size_t i = 0; i < result.conversations.size(); ++i) {
    const ConversationResult& c = result.conversations[i];
    by_key_.emplace(ConversationKey{c.client, c.server, c.port, c.ip_proto}, static_cast<std::uint32_t>(i));
  }
  standing_.assign(result.conversations.size(), std::string_view("-"));
  for (const PortResult& p : result.ports) {
    for (std::size_t i : p.conversations) {
      if (i < standing_.size()) standing_[i] = p.standing;
    }
  }
}

std::uint32_t AnnotationIndex::find(const ConversationKey& key) const {
  const auto it = by_key_.find(key);
  return it == by_key_.end() ? kNone : it->second;
}

std::vector<std::string> AnnotationIndex::rule_ids(std::uint32_t i) const {
  std::vector<std::string> ids;
  for (const RuleEvidence& e : conversation(i).verdict.evidence) ids.push_back(e.rule_id);
  return ids;
}

void format_flow_comment(std::string& out, const AnnotationIndex& index, std::uint32_t conversation,
                         std::string_view uid) {
  out.clear();
  auto it = std::back_inserter(out);
  if (conversation == AnnotationIndex::kNone) {
    // Flows past --max-conversations are counted by the traffic model but never judged.
    fmt::format_to(it,
                   "ghostport: gp_label=- gp_confidence=- gp_standing=- gp_rules=- uid={} "
                   "(not judged: over --max-conversations)",
                   uid);
    return;
  }
  const ConversationResult& c = index.conversation(conversation);
  fmt::format_to(it,
                 "ghostport: gp_label={} gp_confidence={} gp_standing={} gp_rules=", rules::to_string(c.verdict.label),
                 format_confidence(c.verdict.confidence), index.standing(conversation));
  if (c.verdict.evidence.empty()) out.push_back('-');
  for (std::size_t i = 0; i < c.verdict.evidence.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.append(c.verdict.evidence[i].rule_id);
  }
  fmt::format_to(it, " uid={} conversation={}>{}:{}/{}", uid, c.client.to_string(), c.server.to_string(), c.port,
                 transport_name(c.ip_proto));
}

std::string_view no_flow_comment(DecodeStatus status) {
  switch (status) {
    case DecodeStatus::not_ip: return "ghostport: no flow (not an IP packet)";
    case DecodeStatus::undecoded: return "ghostport: no flow (encapsulation not decoded)";
    case DecodeStatus::malformed: return "ghostport: no flow (malformed headers)";
    case DecodeStatus::fragment_pending:
      return "ghostport: no flow (IP fragment; its flow is on the fragment that completes the datagram)";
    default: return "ghostport: no flow";  // statuses added later read as plainly as this
  }
}

}  // namespace gp
