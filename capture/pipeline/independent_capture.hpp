// `--parallel-files`: several capture files read at once, each on its own thread with its own
// pipeline and flow table, as separate captures: a flow never joins packets of two files
// (captures of different links or sensors, or consecutive files cut by tcpdump -G/-C, where a
// flow across the cut becomes two). The calling thread hands the finished flows of all files
// to the sink in the order of the network time at which they ended (ties to the file named
// first), so downstream analysis sees one timeline, as from a capture merged by mergecap.
// Each file's table holds --max-flows divided by the number of files; each file's uids are
// seeded apart (the same connection seen in two files gets two uids, as two Zeek sensors
// would give it). A file that ends early (truncated, corrupt) stops alone, as in MergedSource.
//
// Memory: per file a flow table and at most a few thousand finished flows queued for the
// merge; a file that runs ahead waits for the others.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "capture/pipeline/run_capture.hpp"

namespace gp {

struct NamedSource {
  std::string name;  // for messages: where a file stopped
  std::unique_ptr<PacketSource> source;
};

CaptureSummary run_files_independently(std::vector<NamedSource> files, const PipelineOptions& options, FlowSink& sink);

}  // namespace gp
