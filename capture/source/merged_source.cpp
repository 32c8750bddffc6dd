#include "capture/source/merged_source.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace gp {
namespace {

int severity(ReadStatus s) {
  switch (s) {
    case ReadStatus::error: return 2;
    case ReadStatus::truncated: return 1;
    default: return 0;
  }
}

}  // namespace

MergedSource::MergedSource(std::vector<std::unique_ptr<PacketSource>> inputs) {
  inputs_.reserve(inputs.size());
  for (auto& source : inputs) inputs_.push_back(Input{std::move(source), {}, false, {}});
}

void MergedSource::pull(Input& in) {
  const ReadStatus s = in.source->next(in.frame);
  in.pending = s == ReadStatus::frame;
  if (in.pending || s == ReadStatus::end) return;
  if (severity(s) > severity(status_)) status_ = s;
  errors_.push_back(in.source->error_message());
}

ReadStatus MergedSource::next(RawFrame& frame) {
  if (!started_) {
    started_ = true;
    for (Input& in : inputs_) pull(in);
  } else if (last_ != nullptr) {
    pull(*last_);  // the frame handed out last is done with: its bytes may be reused now
  }
  Input* best = nullptr;
  for (Input& in : inputs_) {
    if (in.pending && (best == nullptr || in.frame.ts < best->frame.ts)) best = &in;
  }
  last_ = best;
  if (best == nullptr) return status_;
  frame = best->frame;
  frame.number = ++number_;
  const std::uint32_t id = best->frame.interface_id;
  if (id >= best->ids.size()) best->ids.resize(id + 1, 0);  // once per interface, not per packet
  if (best->ids[id] == 0) best->ids[id] = ++interfaces_;
  frame.interface_id = best->ids[id] - 1;
  return ReadStatus::frame;
}

std::string MergedSource::error_message() const { return fmt::format("{}", fmt::join(errors_, "; ")); }

int MergedSource::link_type() const { return inputs_.empty() ? 0 : inputs_.front().source->link_type(); }

std::string MergedSource::description() const {
  std::vector<std::string> parts;
  parts.reserve(inputs_.size());
  for (const Input& in : inputs_) parts.push_back(in.source->description());
  return fmt::format("{} files merged by timestamp: {}", inputs_.size(), fmt::join(parts, ", "));
}

std::unique_ptr<PacketSource> open_file_sources(const std::vector<std::string>& paths, const std::string& filter) {
  if (paths.empty()) throw SourceError("no capture file given: name one with -r FILE");
  if (std::count(paths.begin(), paths.end(), "-") > 1) {
    throw SourceError("standard input (-r -) can be read only once; save one of the captures to a file");
  }
  if (paths.size() == 1) return open_file_source(FileSourceOptions{paths.front(), filter});
  std::vector<std::unique_ptr<PacketSource>> inputs;
  inputs.reserve(paths.size());
  for (const std::string& path : paths) inputs.push_back(open_file_source(FileSourceOptions{path, filter}));
  return std::make_unique<MergedSource>(std::move(inputs));
}

}  // namespace gp
