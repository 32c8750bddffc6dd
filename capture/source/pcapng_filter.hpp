// A BPF filter over a pcapng file whose interfaces may have different link types: libpcap
// compiles a filter for one link type, so one program is compiled per link type seen
// (pcap_open_dead + pcap_compile) and applied per packet with pcap_offline_filter.
// A link type the filter cannot be compiled for ('ether host' on raw IP) matches nothing:
// its packets cannot carry what the filter asks for.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "capture/source/raw_frame.hpp"

struct bpf_insn;

namespace gp::pcapng {

class Filter {
 public:
  explicit Filter(std::string expression);
  ~Filter();
  Filter(const Filter&) = delete;
  Filter& operator=(const Filter&) = delete;

  bool empty() const { return expression_.empty(); }
  const std::string& expression() const { return expression_; }

  // Compiles for `link_type` unless already done; returns libpcap's reason on failure.
  std::optional<std::string> prepare(int link_type, std::uint32_t snaplen);

  // True when the frame passes (always, without a filter). prepare() must have been called
  // for the frame's link type.
  bool matches(const RawFrame& frame) const;

 private:
  struct Program {
    int link_type = 0;
    std::uint32_t length = 0;
    bpf_insn* instructions = nullptr;  // null: could not be compiled for this link type
    std::string error;
  };
  const Program* find(int link_type) const;

  std::string expression_;
  std::vector<Program> programs_;  // a handful of link types at most: a linear scan wins
};

}  // namespace gp::pcapng
