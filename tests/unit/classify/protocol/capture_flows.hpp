// Runs the whole capture pass over a trace under tests/data/external and keeps, for every
// finished flow, its endpoints, transport and first-payload evidence with our verdict.
#pragma once

#include <string>
#include <vector>

#include "capture/pipeline/run_capture.hpp"
#include "classify/protocol/protocol.hpp"

namespace gp::test {

struct IdentifiedFlow {
  std::string orig_h;
  std::uint16_t orig_p = 0;
  std::string resp_h;
  std::uint16_t resp_p = 0;
  std::uint8_t ip_proto = 0;
  FlowEvidence evidence;
  ProtocolGuess guess;
};

inline std::vector<IdentifiedFlow> identify_trace(const std::string& relative) {
  struct Sink final : FlowSink {
    std::vector<IdentifiedFlow>* out = nullptr;
    void flow_ended(const Flow& flow, const ConnRecord&) override {
      IdentifiedFlow f;
      f.orig_h = flow.orig_h.to_string();
      f.orig_p = flow.orig_p;
      f.resp_h = flow.resp_h.to_string();
      f.resp_p = flow.resp_p;
      f.ip_proto = flow.protocol;
      f.evidence = flow.evidence;
      f.guess = identify_protocol(flow.evidence, flow.protocol);
      out->push_back(f);
    }
  };
  std::vector<IdentifiedFlow> flows;
  Sink sink;
  sink.out = &flows;
  auto source = open_file_source(FileSourceOptions{std::string(GP_TEST_DATA_DIR) + "/external/" + relative, ""});
  run_capture(*source, PipelineOptions{}, sink);
  return flows;
}

// The first flow (in end order) to responder port `resp_p` that carried payload, or nullptr.
inline const IdentifiedFlow* flow_to_port(const std::vector<IdentifiedFlow>& flows, std::uint16_t resp_p,
                                          std::uint8_t ip_proto = 6) {
  for (const IdentifiedFlow& f : flows) {
    const bool payload = !f.evidence.first_payload[0].empty() || !f.evidence.first_payload[1].empty();
    if (f.resp_p == resp_p && f.ip_proto == ip_proto && payload) return &f;
  }
  return nullptr;
}

}  // namespace gp::test
