// The run loop of `ghostport live` (the CLI parses the options, opens the interface and
// drops privileges, then hands over here): packets from the live source through the shared
// PacketPipeline into the current epoch's engine and monitor; timers on an idle link,
// summaries, drop checks, SIGHUP reopening, epochs; at the end (SIGINT/SIGTERM, -c, a
// capture error) every open flow and the final labels are written and the files closed.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "annotate/analysis_engine.hpp"
#include "capture/pipeline/run_capture.hpp"
#include "capture/source/live_source.hpp"
#include "classify/registry/port_registry.hpp"
#include "distribute/sensor_publishing.hpp"

namespace gp::live {

struct LiveRunOptions {
  PipelineOptions pipeline;            // flow table, decoding, -j workers
  std::string filter;                  // the BPF filter the sources were opened with
  std::size_t max_conversations = 0;   // the engine's: a full model starts a new epoch
  distribute::PublishOptions publish;  // --publish nats://…: events and summaries for collect
  std::string output;                  // events (JSON Lines); empty or "-": standard output
  std::string output_dir;              // created if missing
  std::string write;                   // -w: every packet, pcapng
  double rotate_mb = 0;
  double rotate_seconds = 0;
  std::uint32_t rotate_keep = 0;
  double stats_interval = 10;         // seconds between summaries on stderr (0: only at exit)
  std::uint64_t count = 0;            // stop after this many packets (0: never)
  double epoch_seconds = 0;           // 0: one epoch (until the model is full)
  std::string time_format = "epoch";  // or iso8601
  double interim_seconds = 3600;      // open flows older than this get interim records (0: off)
  double silence_alarm = 60;          // no packet for this long: a health event (0: off)
  bool quiet = false;
  // How the sources were opened, for the start line on stderr.
  std::uint32_t buffer_kib = 32'768;
  int batch_ms = 0;
  bool promiscuous = true;
  std::string user;  // -Z: the user the process runs as
};

// A fresh engine for the next epoch (nullptr when the rules no longer load).
using SetupFactory = std::function<std::unique_ptr<AnalysisEngine>()>;

// SIGINT/SIGTERM stop the loop, SIGHUP reopens the output files, SIGPIPE is ignored.
void install_live_signals();

// Opens the output files (after privileges were dropped, so that SIGHUP can reopen them),
// runs until stopped, writes everything; returns the exit status (common/exit_status.hpp).
// One source, or (-j N) the N handles of one AF_PACKET fanout group, each read by its own
// worker thread.
int run_live_capture(const LiveRunOptions& options, SetupFactory make_setup, std::unique_ptr<AnalysisEngine> setup,
                     const registry::PortRegistry& registry, std::vector<std::unique_ptr<LiveSource>> sources);

}  // namespace gp::live
