#include "report/annotated_pcapng.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <iterator>
#include <map>

namespace gp::report {

void InterfaceCollector::on_packet(const RawFrame& frame, DecodeStatus, const DecodedPacket*, const Flow*) {
  const std::pair<std::uint32_t, int> key{frame.interface_id, frame.link_type};
  if (!seen_.empty() && seen_.back() == key) return;  // the usual case: one interface
  if (std::find(seen_.begin(), seen_.end(), key) != seen_.end()) return;
  if (seen_.size() >= kMaxInterfaces) {
    overflowed_ = true;
    return;
  }
  seen_.push_back(key);
}

AnnotatedPcapngWriter::AnnotatedPcapngWriter(PcapngWriter& out, const AnnotationIndex& index, FlowRecordFile& records,
                                             const std::vector<std::pair<std::uint32_t, int>>& interfaces)
    : out_(out), index_(index), records_(records) {
  // Ordered by input id (stable: a second section's interface 0 follows the first's), so a
  // file whose interfaces all carried packets keeps its interface numbers.
  std::vector<std::pair<std::uint32_t, int>> ordered = interfaces;
  std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& key : ordered) {
    // Snap length 0 is "no limit" (§4.2): the input's own limit is not carried in frames.
    // Nanosecond resolution keeps every input timestamp exact.
    const std::uint32_t id = out_.add_interface(key.second, 0, {}, 9);
    interfaces_.push_back({key, id});
  }
}

std::uint32_t AnnotatedPcapngWriter::output_interface(const RawFrame& frame) {
  for (const auto& [key, id] : interfaces_) {
    if (key.first == frame.interface_id && key.second == frame.link_type) return id;
  }
  mismatch(frame, fmt::format("interface {} with link type {} was not in the first pass", frame.interface_id,
                              frame.link_type));
  return 0;
}

void AnnotatedPcapngWriter::mismatch(const RawFrame& frame, std::string_view what) {
  if (!error_.empty()) return;
  error_ = fmt::format("packet {}: {}; the capture changed between the two passes (is it still being written?)",
                       frame.number, what);
}

const AnnotatedPcapngWriter::Slot* AnnotatedPcapngWriter::slot_for(const Flow& flow) {
  if (flow.table_slot >= slots_.size()) slots_.resize(flow.table_slot + std::size_t{1});
  Slot& slot = slots_[flow.table_slot];
  if (slot.serial == flow.serial) return &slot;
  // Serials are handed out in creation order, so a flow this slot has not seen is the next
  // one, or one created earlier by a frame that reported another flow (set aside).
  if (flow.serial >= next_serial_) {
    for (; next_serial_ < flow.serial; ++next_serial_) {
      if (!records_.next(record_)) return nullptr;
      pending_.emplace(next_serial_, record_);
    }
    if (!records_.next(record_)) return nullptr;
    ++next_serial_;
  } else {
    const auto it = pending_.find(flow.serial);
    if (it == pending_.end()) return nullptr;
    record_ = it->second;
    pending_.erase(it);
  }
  if (record_.start != flow.start) return nullptr;
  slot.serial = flow.serial;
  const std::uint32_t conversation = index_.find(record_.conversation);
  slot.judged = conversation != AnnotationIndex::kNone;
  format_flow_comment(slot.comment, index_, conversation, record_.uid_view());
  return &slot;
}

void AnnotatedPcapngWriter::flow_ended(const Flow& flow, const ConnRecord&) {
  if (!pending_.empty()) pending_.erase(flow.serial);
}

void AnnotatedPcapngWriter::on_packet(const RawFrame& frame, DecodeStatus status, const DecodedPacket*,
                                      const Flow* flow) {
  if (!error_.empty()) return;
  const std::uint32_t interface = output_interface(frame);
  if (!error_.empty()) return;
  std::string_view comment;
  if (flow == nullptr) {
    comment = no_flow_comment(status);
    ++stats_.no_flow_packets;
  } else {
    const Slot* slot = slot_for(*flow);
    if (slot == nullptr) {
      mismatch(frame,
               fmt::format("flow {} (started at {} ns) has no record from the first pass", flow->serial, flow->start));
      return;
    }
    comment = slot->comment;
    ++stats_.flow_packets;
    if (!slot->judged) ++stats_.unjudged_packets;
  }
  out_.write_packet(interface, frame.ts, frame.bytes, frame.wire_len, comment);
  ++stats_.packets;
}

std::string section_comment(const RunDescription& run, const AnalysisResult& result) {
  std::map<rules::Label, std::uint64_t> labels;  // conversations per label
  for (const ConversationResult& c : result.conversations) ++labels[c.verdict.label];
  std::string out;
  auto it = std::back_inserter(out);
  fmt::format_to(it,
                 "ghostport {} analyze: each packet's comment is its flow's verdict "
                 "(gp_label gp_confidence gp_standing gp_rules uid conversation).\n",
                 run.version);
  fmt::format_to(it, "input: {}", run.input);
  if (!run.filter.empty()) fmt::format_to(it, " (filter '{}')", run.filter);
  fmt::format_to(it, "; {} packets, {} flows, {} conversations on {} destination ports\n", run.packets, run.flows,
                 result.conversations.size(), result.ports.size());
  out += "conversations by label:";
  if (labels.empty()) out += " none";
  for (const auto& [label, n] : labels) fmt::format_to(it, " {} {};", rules::to_string(label), n);
  if (!labels.empty()) out.pop_back();
  out += "\nrules: ";
  out += run.rule_sources.empty() ? std::string("-") : fmt::format("{}", fmt::join(run.rule_sources, ", "));
  fmt::format_to(it, "\nregistry: {}", run.registry.empty() ? std::string("none") : run.registry);
  for (const std::string& layer : run.registry_layers) fmt::format_to(it, "; {}", layer);
  return out;
}

}  // namespace gp::report
