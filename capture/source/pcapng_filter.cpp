#include "capture/source/pcapng_filter.hpp"

#include <pcap/pcap.h>

#include <utility>

namespace gp::pcapng {

Filter::Filter(std::string expression) : expression_(std::move(expression)) {}

Filter::~Filter() {
  for (Program& p : programs_) {
    bpf_program program{p.length, p.instructions};
    if (p.instructions != nullptr) pcap_freecode(&program);
  }
}

const Filter::Program* Filter::find(int link_type) const {
  for (const Program& p : programs_) {
    if (p.link_type == link_type) return &p;
  }
  return nullptr;
}

std::optional<std::string> Filter::prepare(int link_type, std::uint32_t snaplen) {
  if (empty()) return std::nullopt;
  if (const Program* known = find(link_type)) {
    return known->instructions != nullptr ? std::nullopt : std::optional<std::string>(known->error);
  }
  // §4.2: a snap length of 0 means unlimited; libpcap wants a positive one.
  const int snap = snaplen == 0 || snaplen > 262144 ? 262144 : static_cast<int>(snaplen);
  Program entry;
  entry.link_type = link_type;
  pcap_t* dead = pcap_open_dead(link_type, snap);
  if (dead == nullptr) {
    entry.error = "out of memory";
  } else {
    bpf_program program{};
    if (pcap_compile(dead, &program, expression_.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
      entry.error = pcap_geterr(dead);
    } else {
      entry.length = program.bf_len;
      entry.instructions = program.bf_insns;
    }
    pcap_close(dead);
  }
  programs_.push_back(std::move(entry));
  const Program& added = programs_.back();
  return added.instructions != nullptr ? std::nullopt : std::optional<std::string>(added.error);
}

bool Filter::matches(const RawFrame& frame) const {
  if (empty()) return true;
  const Program* p = find(frame.link_type);
  if (p == nullptr || p->instructions == nullptr) return false;
  const bpf_program program{p->length, p->instructions};
  pcap_pkthdr header{};
  header.caplen = static_cast<bpf_u_int32>(frame.bytes.size());
  header.len = frame.wire_len;
  return pcap_offline_filter(&program, &header, frame.bytes.data()) != 0;
}

}  // namespace gp::pcapng
