// The run loop of `ghostport live` (cmd_live.cpp parses the options, opens the interface and
// drops privileges, then hands over here): packets from the live source through the shared
// PacketPipeline into the current epoch's engine and monitor; timers on an idle link,
// summaries, drop checks, SIGHUP reopening, epochs; at the end (SIGINT/SIGTERM, -c, a
// capture error) every open flow and the final labels are written and the files closed.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>
#include <string>

#include "capture/source/live_source.hpp"
#include "classify/registry/port_registry.hpp"
#include "tools/ghostport/analysis_setup.hpp"
#include "tools/ghostport/publishing.hpp"
#include "tools/ghostport/capture_options.hpp"
#include "tools/ghostport/registry_options.hpp"

namespace gp::cli {

struct LiveCommand {
  CaptureOptions capture;
  RegistryOptions registry;
  AnalysisOptions analysis;
  PublishOptions publish;  // --publish nats://…: events and summaries for ghostport collect
  std::string interface;
  bool list = false;
  std::string output;
  std::string write;
  double rotate_mb = 0;
  double rotate_seconds = 0;
  std::uint32_t rotate_keep = 0;
  std::uint32_t snaplen = 262'144;
  std::uint32_t buffer_kib = 32'768;
  int batch_ms = 0;
  bool no_promiscuous = false;
  double stats_interval = 10;
  std::uint64_t count = 0;
  double epoch_seconds = 0;
  std::string user;
  std::string output_dir;             // events.jsonl and relative -w names go here
  std::string time_format = "epoch";  // or iso8601
  double interim_seconds = 3600;      // open flows older than this get interim records (0: off)
  double silence_alarm = 60;          // no packet for this long: a health event (0: off)
  bool verbose = false;
  bool quiet = false;
};

// A fresh engine for the next epoch (nullptr when the rules no longer load).
using SetupFactory = std::function<std::unique_ptr<AnalysisEngine>()>;

// SIGINT/SIGTERM stop the loop, SIGHUP reopens the output files, SIGPIPE is ignored.
void install_live_signals();

// Opens the output files (after privileges were dropped, so that SIGHUP can reopen them),
// runs until stopped, writes everything; returns the exit status. One source, or (-j N) the
// N handles of one AF_PACKET fanout group, each read by its own worker thread.
int run_live_capture(const LiveCommand& cmd, SetupFactory make_setup, std::unique_ptr<AnalysisEngine> setup,
                     const registry::PortRegistry& registry, std::vector<std::unique_ptr<LiveSource>> sources);

}  // namespace gp::cli
