// Fuzz target: a whole capture file through the reader, every decoder and the flow engine,
// as `ghostport flows -r FILE` runs it. The input is the file's bytes (pcap or pcapng),
// handed to libpcap through a memfd so nothing touches the disk. Small caps make flow
// eviction and fragment-pool limits reachable within a few packets.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "capture/pipeline/run_capture.hpp"

namespace {

struct CountingSink final : gp::FlowSink {
  std::uint64_t ended = 0;
  void flow_ended(const gp::Flow&, const gp::ConnRecord&) override { ++ended; }
};

int capture_file() {
  static const int fd = memfd_create("gp-fuzz-capture", 0);
  return fd;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const int fd = capture_file();
  if (fd < 0 || ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != static_cast<ssize_t>(size)) return 0;
  gp::PipelineOptions options;
  options.flows.max_flows = 16;
  options.decoder.max_fragment_datagrams = 4;
  options.decoder.max_fragment_bytes = 64 * 1024;
  options.decoder.mpls_pseudowire_ethernet = size % 2 == 0;
  try {
    auto source = gp::open_file_source({"/proc/self/fd/" + std::to_string(fd), ""});
    CountingSink sink;
    const gp::CaptureSummary summary = gp::run_capture(*source, options, sink);
    (void)gp::format_summary(summary);
  } catch (const gp::SourceError&) {
    // Not a capture: the CLI reports it, nothing to fuzz further.
  }
  return 0;
}
