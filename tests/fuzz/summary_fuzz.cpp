// Fuzz target: a sensor summary as it arrives from the network (ghostport collect): the
// MessagePack decoding, the traffic model's and the flow-rule hits' validation and merge, and
// the scan observations into scan detection. Malformed input must come back as an error
// naming the field, never a crash, and never grow anything past its caps.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "annotate/traffic_analyzer.hpp"
#include "classify/scan/scan_detector.hpp"
#include "rules/rule_set.hpp"
#include "tests/fuzz/no_verdicts.hpp"
#include "distribute/collector.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const gp::fuzz::NoVerdicts engine;
  static const gp::rules::RuleSet rules;
  gp::AnalyzerOptions options;
  options.model.max_conversations = 1000;
  options.model.max_clients = 1000;
  options.model.max_services = 1000;
  gp::TrafficAnalyzer analyzer(options, engine);
  gp::scan::ScanDetector detector;
  gp::distribute::Collector collector(analyzer, detector, rules);
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (collector.add(bytes).empty()) (void)collector.add(bytes);  // the same again: a duplicate
  collector.finish();
  detector.finish();
  (void)analyzer.finish();
  return 0;
}
