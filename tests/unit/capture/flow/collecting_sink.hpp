#pragma once

#include <vector>

#include "capture/flow/flow_table.hpp"

namespace gp::test {

struct CollectingSink final : FlowSink {
  std::vector<ConnRecord> records;
  void flow_ended(const Flow&, const ConnRecord& r) override { records.push_back(r); }
};

}  // namespace gp::test
