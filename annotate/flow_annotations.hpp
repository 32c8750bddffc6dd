// What annotated output says about one flow (issue 10): a flow's label is the verdict of its
// conversation (client -> server:port/transport), found under the key the traffic model filed
// the flow under. One vocabulary for the pcapng packet comment and conn.log's appended columns:
// gp_label, gp_confidence, gp_standing, gp_rules.
// Memory: one index entry per conversation of the result, so it is bounded by
// --max-conversations, never by the number of flows or packets.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "annotate/results.hpp"
#include "capture/decode/decoder.hpp"
#include "capture/flow/conn_record.hpp"
#include "capture/flow/flow.hpp"
#include "classify/features/conversation.hpp"

namespace gp {

// The key TrafficModel::add files a finished flow under (orient(): client, service, port).
ConversationKey conversation_key(const Flow& flow, const ConnRecord& record);

// Confidence as every annotated output writes it: rounded to 3 decimals.
double output_confidence(double confidence);
// The same value as text, trailing zeros trimmed ("0.9", "0.825", "0").
std::string format_confidence(double confidence);

class AnnotationIndex {
 public:
  static constexpr std::uint32_t kNone = UINT32_MAX;

  // Keeps a reference to `result`, which must outlive the index.
  explicit AnnotationIndex(const AnalysisResult& result);

  // Index into result.conversations, or kNone when the conversation was never judged (its
  // flows came past --max-conversations).
  std::uint32_t find(const ConversationKey& key) const;

  const ConversationResult& conversation(std::uint32_t i) const { return result_.conversations[i]; }
  // Standing of the conversation's destination port group ("orphaned", "none" for ICMP, …).
  std::string_view standing(std::uint32_t i) const { return standing_[i]; }
  // Ids of the rules that fired, in evidence order (the winning label's first).
  std::vector<std::string> rule_ids(std::uint32_t i) const;

 private:
  const AnalysisResult& result_;
  std::unordered_map<ConversationKey, std::uint32_t, ConversationKeyHash> by_key_;
  std::vector<std::string_view> standing_;
};

// The pcapng packet comment for a packet of a flow whose conversation is `conversation`
// (kNone: not judged), e.g.
//   ghostport: gp_label=scanner_noise gp_confidence=0.9 gp_standing=orphaned
//   gp_rules=scanner_detected_source,scanner_many_ports_one_source uid=CcmtNy7n1bD1Zl9a5b
//   conversation=198.51.100.7>10.0.0.5:3255/tcp
// (one line). Replaces `out`'s contents, keeping its capacity.
void format_flow_comment(std::string& out, const AnnotationIndex& index, std::uint32_t conversation,
                         std::string_view uid);

// The comment of a packet that belongs to no flow, by why it was not decoded to IP.
std::string_view no_flow_comment(DecodeStatus status);

}  // namespace gp
