// Rule evaluation cost: scoring one port group against the shipped rules plus a synthetic
// set, as `analyze` does for every group (and, with flow rules, every flow).
#include <benchmark/benchmark.h>

#include <deque>
#include <map>
#include <string>

#include "rules/rule_file.hpp"
#include "rules/rule_loader.hpp"
#include "rules/scoring.hpp"

namespace {

using namespace gp;
using namespace gp::rules;

class BenchValues : public FeatureValues {
 public:
  void set(std::string_view name, FeatureValue v) { values_[*find_feature(name)] = v; }
  FeatureValue get(FeatureId id) const override {
    const auto it = values_.find(id);
    return it == values_.end() ? FeatureValue{} : it->second;
  }

 private:
  std::map<FeatureId, FeatureValue> values_;
};

BenchValues group_values() {
  BenchValues v;
  v.set("flows", 12.0);
  v.set("completed_ratio", 0.9);
  v.set("rejected_ratio", 0.05);
  v.set("client_ports", 2.0);
  v.set("client_hosts", 1.0);
  v.set("client_unanswered_ratio", 0.1);
  v.set("client_internal", true);
  v.set("server_internal", true);
  v.set("standing", std::string_view("orphaned"));
  v.set("protocol", std::string_view("unknown"));
  v.set("server_addr", IpAddress::parse("10.1.2.3").value());
  return v;
}

// 100 rules in the shapes default rules take: comparisons, ranges, sets, networks, any/not.
RuleSet synthetic_rules() {
  std::string toml;
  for (int i = 0; i < 100; ++i) {
    toml += "[[rule]]\nid = \"r" + std::to_string(i) + "\"\nlabel = \"suspicious\"\nweight = 1\n" +
            "reason = \"{flows} flows, {completed_ratio:%} completed\"\n" +
            "when = { flows = \">= " + std::to_string(i % 20) +
            "\", completed_ratio = \"0.1..0.95\", standing = [\"orphaned\", \"unassigned\"], " +
            "server_addr = [\"10.0.0.0/8\", \"fd00::/8\"], any = [{ protocol = \"http\" }, { not = { client_internal = "
            "false } }] }\n";
  }
  Diagnostics diags;
  RuleSet set;
  for (auto& r : parse_rule_file("bench.toml", toml, diags)) set.add(std::move(r));
  return set;
}

void BM_ScoreDefaultRules(benchmark::State& state) {
  Diagnostics diags;
  const RuleSet set = load_rules({std::string(GP_SOURCE_DIR) + "/rules/default"}, diags);
  const BenchValues v = group_values();
  for (auto _ : state) benchmark::DoNotOptimize(score(set, FeatureScope::group, v));
}
BENCHMARK(BM_ScoreDefaultRules);

void BM_Score100Rules(benchmark::State& state) {
  const RuleSet set = synthetic_rules();
  const BenchValues v = group_values();
  for (auto _ : state) benchmark::DoNotOptimize(score(set, FeatureScope::group, v));
  state.SetItemsProcessed(state.iterations() * 100);
}
BENCHMARK(BM_Score100Rules);

void BM_LoadDefaultRules(benchmark::State& state) {
  for (auto _ : state) {
    Diagnostics diags;
    benchmark::DoNotOptimize(load_rules({std::string(GP_SOURCE_DIR) + "/rules/default"}, diags));
  }
}
BENCHMARK(BM_LoadDefaultRules);

}  // namespace

BENCHMARK_MAIN();
