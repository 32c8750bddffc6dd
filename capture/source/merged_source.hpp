// Several capture files read as one, in timestamp order, as mergecap merges them: each file
// keeps its own reader (pcap, pcapng, standard input), and the earliest pending frame goes
// next (ties to the file named first). Frames are numbered 1, 2, ... across the merge, and
// each file's pcapng interfaces get ids of their own, in order of first appearance, so two
// files' interface 0 stay two interfaces. A file that ends early (truncated, corrupt) stops
// alone: the others are read to their end, and the merge then reports that file's status
// and message.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "capture/source/packet_source.hpp"

namespace gp {

class MergedSource : public PacketSource {
 public:
  explicit MergedSource(std::vector<std::unique_ptr<PacketSource>> inputs);

  ReadStatus next(RawFrame& frame) override;
  std::string error_message() const override;
  int link_type() const override;
  std::string description() const override;

 private:
  struct Input {
    std::unique_ptr<PacketSource> source;
    RawFrame frame;
    bool pending = false;            // `frame` holds this file's next frame
    std::vector<std::uint32_t> ids;  // pcapng interface id -> merged id (+1; 0: not seen)
  };
  void pull(Input& in);

  std::vector<Input> inputs_;
  Input* last_ = nullptr;  // the input whose frame was handed out last: read again next time
  bool started_ = false;
  std::uint64_t number_ = 0;
  std::uint32_t interfaces_ = 0;
  ReadStatus status_ = ReadStatus::end;  // the worst end among the inputs
  std::vector<std::string> errors_;
};

// Opens each file (open_file_source, the same filter on each) and merges them; one file is
// opened as itself. Throws SourceError naming the file that cannot be opened.
std::unique_ptr<PacketSource> open_file_sources(const std::vector<std::string>& paths, const std::string& filter);

}  // namespace gp
