// `ghostport live -j N`: N capture handles on the interface, joined in one AF_PACKET fanout
// group so the kernel hands each flow's packets to one of them (LiveSourceOptions::
// fanout_group), and one worker thread per handle that reads it and runs its own pipeline
// (decoder, fragments, duplicates, flow table, timers on its own clock). The analysis engine
// and everything that writes stays on the calling thread: the workers queue the flows that
// end (and the interim records of long ones, and what open control flows announce), and
// deliver() hands them to the engine there.
//
// Threads: workers block every signal, so SIGINT/SIGTERM/SIGHUP reach the calling thread's
// handlers. The queue is bounded: a worker whose flows the engine cannot keep up with waits,
// and the kernel then counts the packets it cannot hold as drops, as it does for one thread.
// Counters (packets, clock, pcap_stats, decode and flow-table counts) are published by each
// worker about once a second and on stop.
//
// ICMP errors: the kernel hashes an error by its own header, so the flow it quotes is often on
// another worker; a worker whose table misses it tells the others, and the one holding the
// flow counts it (QuoteNote in the .cpp). Differences from one thread, documented in
// docs/live.md: --max-flows is split; -c stops after at least N packets.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "capture/pipeline/run_capture.hpp"
#include "capture/source/live_source.hpp"

namespace gp::live {

class PacketRecorder;

// ICMP error notes a worker holds for the others, in its inbox and waiting each; past that
// they are dropped and counted (WorkerTotals::quotes_dropped).
inline constexpr std::size_t kQuoteNotesLimit = 4096;

struct WorkerOptions {
  PipelineOptions pipeline;
  // Timers run on the capture's clock; an idle worker moves it to the wall clock minus this.
  TimeNs idle_slack = 1'000'000'000;
  // Interim records: open flows older than `interim_every` (0: off), looked at this often.
  TimeNs interim_every = 0;
  TimeNs interim_check_every = 1'000'000'000;
  PacketRecorder* recorder = nullptr;  // -w: every packet, under recorder_mutex
  std::mutex* recorder_mutex = nullptr;
};

// Published by the workers, summed.
struct WorkerTotals {
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  TimeNs clock = 0;        // the latest capture time any worker reached
  TimeNs last_packet = 0;  // timestamp of the latest packet
  LiveStats capture;
  DecodeCounters decode;
  FlowTableStats flows;
  std::uint64_t open_flows = 0;
  // ICMP errors whose quoted flow was not on the worker that received them: how many, how
  // many another worker matched, and notes lost because a worker's list of them was full.
  std::uint64_t quotes_forwarded = 0;
  std::uint64_t quotes_matched = 0;
  std::uint64_t quotes_dropped = 0;
};

class LiveWorkers {
 public:
  using InterimFn = std::function<void(const Flow&, const ConnRecord&, std::uint64_t nth)>;

  LiveWorkers(std::vector<std::unique_ptr<LiveSource>> sources, WorkerOptions options);
  ~LiveWorkers();
  LiveWorkers(const LiveWorkers&) = delete;
  LiveWorkers& operator=(const LiveWorkers&) = delete;

  void start();
  // Calling thread: waits up to `wait_ms` for something to hand over, then gives the engine
  // every flow that ended and every interim record queued since the last call.
  void deliver(FlowSink& sink, const InterimFn& interim, int wait_ms);
  // Asks the workers to stop, joins them and delivers what they queued.
  void stop(FlowSink& sink, const InterimFn& interim);
  // After stop(): every flow still open ends, worker by worker, least recently active first.
  void finish(FlowSink& sink);

  WorkerTotals totals() const;
  // A worker saw the link go down since the last call.
  bool take_link_down();
  // A worker's capture failed (the interface is gone): why, once; empty otherwise.
  std::string take_error();
  std::size_t size() const;
  // Packets each worker read: how evenly the kernel's flow hash spread the traffic.
  std::vector<std::uint64_t> packets_per_worker() const;
  const LiveSource& primary() const;

 private:
  struct Worker;
  struct Shared;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::unique_ptr<Shared> shared_;
};

}  // namespace gp::live
