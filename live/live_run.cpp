#include "live/live_run.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <csignal>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <system_error>
#include <string_view>

#include "capture/pipeline/packet_pipeline.hpp"
#include "capture/pipeline/run_capture.hpp"
#include "classify/scan/scan_episode_json.hpp"
#include "common/exit_status.hpp"
#include "live/clocks.hpp"
#include "live/event_writer.hpp"
#include "live/interim_records.hpp"
#include "live/live_monitor.hpp"
#include "live/live_summary.hpp"
#include "live/live_workers.hpp"
#include "live/packet_recorder.hpp"
#include "live/sensor_health.hpp"

namespace gp::live {
namespace {

volatile std::sig_atomic_t g_stop_signal = 0;
volatile std::sig_atomic_t g_reopen = 0;

void on_stop(int signal) { g_stop_signal = signal; }
void on_hup(int /*signal*/) { g_reopen = 1; }

}  // namespace

// SA_RESTART: a signal never fails a write half-way; the capture wait (ppoll) returns EINTR
// whatever the flag, and the flags are checked at least every kWaitMs.
void install_live_signals() {
  struct sigaction stop {};
  stop.sa_handler = on_stop;
  stop.sa_flags = SA_RESTART;
  sigemptyset(&stop.sa_mask);
  ::sigaction(SIGINT, &stop, nullptr);
  ::sigaction(SIGTERM, &stop, nullptr);
  struct sigaction hup {};
  hup.sa_handler = on_hup;
  hup.sa_flags = SA_RESTART;
  sigemptyset(&hup.sa_mask);
  ::sigaction(SIGHUP, &hup, nullptr);
  // A reader that goes away (| head) is a write error we report, not a silent death.
  ::signal(SIGPIPE, SIG_IGN);
}

namespace {

TimeNs seconds(double s) { return static_cast<TimeNs>(s * 1e9); }

constexpr int kWaitMs = 100;
// Timers run on the capture's clock. When the link is idle the clock is moved to the wall
// clock minus this slack, so a packet the kernel stamped just before the wait but had not
// yet handed over can never arrive "in the past" of a flow that timed out meanwhile.
constexpr TimeNs kIdleSlack = 1'000'000'000;

// The pipeline's sink, pointing at the current epoch's monitor (and through it its engine).
// `before` runs ahead of each flow, outside any monitor call, so it may replace the monitor
// (a new epoch) even while the flow table is ending many flows at once (shutdown, timers).
class EngineSwitch final : public FlowSink {
 public:
  void set(FlowSink* target) { target_ = target; }
  void set_before(std::function<void()> before) { before_ = std::move(before); }
  // Also sees every flow, whatever the epoch (--publish: the sensor's summaries).
  void set_beside(FlowSink* beside) { beside_ = beside; }
  void flow_ended(const Flow& flow, const ConnRecord& record) override {
    if (before_) before_();
    target_->flow_ended(flow, record);
    if (beside_ != nullptr) beside_->flow_ended(flow, record);
  }
  void flow_announced(const Flow& flow, const ConnRecord& now) override { target_->flow_announced(flow, now); }

 private:
  FlowSink* target_ = nullptr;
  FlowSink* beside_ = nullptr;
  std::function<void()> before_;
};

class LiveRun {
 public:
  LiveRun(const LiveRunOptions& cmd, SetupFactory make_setup, std::unique_ptr<AnalysisEngine> setup,
          const registry::PortRegistry& registry, std::vector<std::unique_ptr<LiveSource>> sources)
      : cmd_(cmd),
        make_setup_(std::move(make_setup)),
        registry_(registry),
        sources_(std::move(sources)),
        source_(*sources_.front()),
        events_(cmd.output, scan::parse_time_format(cmd.time_format).value_or(scan::TimeFormat::epoch)),
        pipeline_(cmd.pipeline, switch_, nullptr),
        health_(source_.interface_name(), HealthOptions{seconds(cmd.silence_alarm), cmd.quiet}, events_, wall_now()) {
    start_epoch(std::move(setup));
    switch_.set_before([this] {
      if (model_full()) next_epoch("the traffic model is full (--max-conversations)");
    });
  }

  // Opens the output files (after privileges were dropped, so that SIGHUP can reopen them).
  int open_outputs() {
    if (!cmd_.output_dir.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(cmd_.output_dir, ec);
      if (ec) {
        fmt::print(stderr, "ghostport live: error: cannot create --output-dir '{}': {}\n", cmd_.output_dir,
                   ec.message());
        return exit_code::kError;
      }
    }
    if (!events_.open()) {
      fmt::print(stderr, "ghostport live: error: {}\n", events_.error());
      return exit_code::kError;
    }
    if (!cmd_.publish.url.empty()) {
      // Its own engine (rules, protocol identification) for the summaries: the epochs'
      // engines come and go, the summaries go on.
      publishing_setup_ = make_setup_();
      if (!publishing_setup_) return exit_code::kError;
      if (const int rc = publishing_.prepare(cmd_.publish, *publishing_setup_, "live"); rc != exit_code::kOk) return rc;
      switch_.set_beside(publishing_.summaries_sink());
      events_.set_tee([this](const Event& e) { publishing_.event(e); });
    }
    if (!cmd_.write.empty()) {
      RecorderOptions r;
      r.path = cmd_.write;
      r.rotate_bytes = static_cast<std::uint64_t>(cmd_.rotate_mb * 1e6);
      r.rotate_interval = seconds(cmd_.rotate_seconds);
      r.keep_files = cmd_.rotate_keep;
      r.link_type = source_.link_type();
      r.snaplen = source_.snaplen();
      r.interface_name = source_.interface_name();
      r.comment = fmt::format("ghostport live -i {}{}", source_.interface_name(),
                              cmd_.filter.empty() ? "" : " '" + cmd_.filter + "'");
      recorder_ = std::make_unique<PacketRecorder>(r);
      if (!recorder_->open(wall_now())) {
        fmt::print(stderr, "ghostport live: error: {}\n", recorder_->error());
        return exit_code::kError;
      }
    }
    return exit_code::kOk;
  }

  int run() {
    started_wall_ = wall_now();
    interval_start_ = started_wall_;
    health_.capture_started(started_wall_);
    next_tick_ = steady_now() + kTickEvery;
    next_stats_ = stats_every_ > 0 ? steady_now() + stats_every_ : INT64_MAX;
    if (sources_.size() > 1) return run_workers();
    RawFrame frame;
    int status = exit_code::kOk;
    while (g_stop_signal == 0) {
      const LiveRead r = source_.next_live(frame, kWaitMs, nullptr);
      if (r == LiveRead::frame) {
        on_frame(frame);
        if (cmd_.count > 0 && packets_ >= cmd_.count) break;
      } else if (r == LiveRead::link_down) {
        health_.link_down(wall_now());
      } else if (r == LiveRead::idle) {
        const TimeNs t = wall_now() - kIdleSlack;
        if (t > clock_) {
          clock_ = t;
          pipeline_.advance(clock_);
        }
      } else if (r == LiveRead::error) {
        fmt::print(stderr, "ghostport live: error: {}; the flows seen so far are written\n", source_.error_message());
        status = exit_code::kError;
        break;
      }
      if (!housekeeping(status)) break;
    }
    return finish(status);
  }

  // `-j N`: the workers read the fanout group's handles and run the pipelines; this thread
  // hands their finished flows to the engine and does everything else as run() does.
  int run_workers() {
    WorkerOptions o;
    o.pipeline = cmd_.pipeline;
    o.idle_slack = kIdleSlack;
    o.interim_every = interim_every_;
    o.interim_check_every = interim_check_every_;
    o.recorder = recorder_.get();
    o.recorder_mutex = &recorder_mutex_;
    workers_ = std::make_unique<LiveWorkers>(std::move(sources_), o);
    workers_->start();
    int status = exit_code::kOk;
    std::uint64_t packets_seen = 0;
    while (g_stop_signal == 0) {
      workers_->deliver(switch_, interim_to_monitor(), kWaitMs);
      const WorkerTotals t = workers_->totals();
      packets_ = t.packets;
      bytes_ = t.bytes;
      clock_ = std::max(clock_, t.clock);
      if (packets_ != packets_seen) {
        packets_seen = packets_;
        health_.packet(t.last_packet);
      }
      if (cmd_.count > 0 && packets_ >= cmd_.count) break;
      if (workers_->take_link_down()) health_.link_down(wall_now());
      if (const std::string why = workers_->take_error(); !why.empty()) {
        fmt::print(stderr, "ghostport live: error: {}; the flows seen so far are written\n", why);
        status = exit_code::kError;
        break;
      }
      if (!housekeeping(status)) break;
    }
    return finish(status);
  }

  LiveWorkers::InterimFn interim_to_monitor() {
    return [this](const Flow& flow, const ConnRecord& snapshot, std::uint64_t nth) {
      monitor_->flow_interim(flow, snapshot, nth);
    };
  }

  // Between reads: SIGHUP, then once a second the monitor's scan timers, the link's health,
  // interim records, epochs, flushing -w and drops; the periodic summary. False: stop.
  bool housekeeping(int& status) {
    if (g_reopen != 0) reopen();
    const TimeNs now = steady_now();
    if (now >= next_tick_) {
      next_tick_ = now + kTickEvery;
      monitor_->tick(clock_);
      publishing_.tick(clock_);
      if (!health_.tick(source_.link_state(), wall_now())) {
        fmt::print(stderr,
                   "ghostport live: error: capture on '{}' ended: the interface was removed; the flows seen so "
                   "far are written\n",
                   source_.interface_name());
        status = exit_code::kError;
        return false;
      }
      if (!workers_) interim_records();  // workers look at their own open flows
      if (epoch_every_ > 0 && wall_now() - epoch_started_ >= epoch_every_) next_epoch("--epoch");
      if (recorder_) {
        const std::lock_guard lock(recorder_mutex_);
        recorder_->flush();  // events need none: each line is flushed as written
      }
      check_drops();
    }
    if (now >= next_stats_) {
      next_stats_ = now + stats_every_;
      summary(false);
    }
    if (!events_.ok()) return false;
    if (!recorder_) return true;
    if (!workers_) return recorder_->ok();  // the one thread: no lock per packet
    const std::lock_guard lock(recorder_mutex_);
    return recorder_->ok();
  }

  LiveStats capture_stats() { return workers_ ? workers_->totals().capture : source_.stats(); }

 private:
  void on_frame(const RawFrame& frame) {
    health_.packet(frame.ts);
    if (recorder_) recorder_->write(frame);
    ++packets_;
    bytes_ += frame.wire_len;
    clock_ = std::max(clock_, frame.ts);
    pipeline_.process(frame);
  }

  // Long-lived flows: each time an open flow's age passes another multiple of --interim, one
  // `flow_interim` event with its counts so far. Stateless: a flow gets record n when n
  // intervals fit in its age now and did not at the previous check. The flow is still judged
  // and counted once, when it ends.
  void interim_records() {
    if (interim_every_ <= 0 || clock_ - interim_checked_ < interim_check_every_) return;
    const TimeNs before = interim_checked_;
    const TimeNs now = clock_;
    interim_checked_ = now;
    const FlowTable& flows = pipeline_.flows();
    for_each_interim_due(flows, before, now, interim_every_, [&](const Flow& flow, std::uint64_t nth) {
      monitor_->flow_interim(flow, flows.snapshot(flow), nth);
    });
  }

  void reopen() {
    g_reopen = 0;
    if (!events_.reopen()) return;
    if (recorder_) {
      const std::lock_guard lock(recorder_mutex_);
      (void)recorder_->reopen(wall_now());
    }
    if (!cmd_.quiet) fmt::print(stderr, "ghostport live: SIGHUP: output files reopened\n");
  }

  void check_drops() {
    const LiveStats s = capture_stats();
    const std::uint64_t lost = s.kernel_drops + s.interface_drops;
    const std::uint64_t fresh = lost - drops_seen_;
    if (fresh > 0 && !dropping_) {
      const double secs = static_cast<double>(wall_now() - last_drop_check_) / 1e9;
      fmt::print(stderr, "{}", drops_warning(source_.interface_name(), fresh, secs, s));
      Event e;
      e["event"] = "drops";
      e["ts"] = events_.time(wall_now());
      e["new_drops"] = fresh;
      e["kernel_drops"] = s.kernel_drops;
      e["interface_drops"] = s.interface_drops;
      events_.write(e);
    }
    dropping_ = fresh > 0;
    drops_seen_ = lost;
    last_drop_check_ = wall_now();
  }

  SummaryInput snapshot(bool final) {
    SummaryInput in;
    in.interface = source_.interface_name();
    in.now = wall_now();
    in.final = final;
    in.since = final ? started_wall_ : interval_start_;
    in.packets = packets_;
    in.bytes = bytes_;
    in.interval_packets = final ? packets_ : packets_ - interval_packets_mark_;
    in.interval_bytes = final ? bytes_ : bytes_ - interval_bytes_mark_;
    const WorkerTotals totals = workers_ ? workers_->totals() : WorkerTotals{};
    in.capture = workers_ ? totals.capture : source_.stats();
    const std::uint64_t lost = in.capture.kernel_drops + in.capture.interface_drops;
    in.interval_drops = final ? lost : lost - interval_drops_mark_;
    const FlowTableStats& f = workers_ ? totals.flows : pipeline_.flow_stats();
    in.open_flows = f.flows_created - f.flows_ended;
    in.evicted_flows = f.flows_evicted;
    in.unmodelled_flows = unmodelled_before_ + setup_->analyzer().model().dropped_flows();
    in.rss_bytes = resident_bytes();
    in.duplicates = workers_ ? totals.decode.duplicates : pipeline_.decode_counters().duplicates;
    in.monitor = monitor_->counters();
    in.monitor.flows += flows_before_;
    in.monitor.interim_records += interim_before_;
    in.top_ports = monitor_->top_ports(5);
    in.scans = monitor_->active_scans();
    if (!final) {
      interval_start_ = in.now;
      interval_packets_mark_ = packets_;
      interval_bytes_mark_ = bytes_;
      interval_drops_mark_ = lost;
    }
    return in;
  }

  void summary(bool final) {
    const SummaryInput in = snapshot(final);
    if (!cmd_.quiet || final) fmt::print(stderr, "{}", format_summary_text(in));
    Event e = summary_event(in, events_.time_format());
    if (publishing_.active()) e["publish"] = publishing_.counters_json();
    events_.write(e);
  }

  int finish(int status) {
    const bool interrupted = g_stop_signal != 0;
    if (interrupted && !cmd_.quiet) {
      fmt::print(stderr, "ghostport live: {}: writing every open flow and the final labels\n",
                 g_stop_signal == SIGINT ? "SIGINT" : "SIGTERM");
    }
    check_drops();
    if (workers_) {
      workers_->stop(switch_, interim_to_monitor());  // what the workers queued before they stopped
      workers_->finish(switch_);
    } else {
      pipeline_.finish();  // every open flow ends: `flow` events
    }
    const AnalysisResult result = finish_analysis(*setup_);  // the labels analyze would give
    monitor_->finish(result, wall_now());
    summary(true);
    publishing_.finish(cmd_.quiet);
    const WorkerTotals t = workers_ ? workers_->totals() : WorkerTotals{};
    if (!cmd_.quiet) {
      CaptureSummary s;
      s.frames = packets_;
      s.bytes = bytes_;
      if (workers_) {
        s.decode = t.decode;
        s.flows = t.flows;
        s.workers = static_cast<unsigned>(workers_->size());
        fmt::print(stderr, "ghostport live: packets per worker thread: {}\n",
                   fmt::join(workers_->packets_per_worker(), ", "));
        if (t.quotes_forwarded > 0) {
          fmt::print(stderr,
                     "ghostport live: ICMP errors whose quoted flow was on another worker: {}, matched there: {}\n",
                     t.quotes_forwarded, t.quotes_matched);
        }
      } else {
        s.decode = pipeline_.decode_counters();
        s.flows = pipeline_.flow_stats();
      }
      fmt::print(stderr, "{}", format_summary(s));
    }
    if (t.quotes_dropped > 0) {
      fmt::print(stderr,
                 "ghostport live: warning: {} notes of ICMP errors for another worker's flows were dropped (a "
                 "worker held {} already: a flood of errors); those errors may be missing from their flows' "
                 "evidence; fewer worker threads (-j) hand fewer of them over\n",
                 t.quotes_dropped, kQuoteNotesLimit);
    }
    events_.close();
    if (events_.dropped() > 0) {
      fmt::print(stderr, "ghostport live: warning: {} events dropped: the reader of {} did not keep up\n",
                 events_.dropped(), events_.where());
    }
    if (recorder_) recorder_->close();
    if (!events_.ok()) {
      fmt::print(stderr, "ghostport live: error: {}\n", events_.error());
      return exit_code::kError;
    }
    if (recorder_ && !recorder_->ok()) {
      fmt::print(stderr, "ghostport live: error: {}\n", recorder_->error());
      return exit_code::kError;
    }
    return status;
  }

  void start_epoch(std::unique_ptr<AnalysisEngine> setup) {
    setup_ = std::move(setup);
    ++epoch_;
    epoch_started_ = wall_now();
    MonitorOptions m;
    m.epoch = epoch_;
    monitor_ =
        std::make_unique<LiveMonitor>(setup_->sink(), setup_->analyzer(), setup_->live_scans(), &registry_, events_, m);
    switch_.set(monitor_.get());
  }

  // The model holds at most --max-conversations; a flow of a new conversation would not be
  // judged, so the epoch ends first.
  bool model_full() const {
    return !epochs_off_ && setup_->analyzer().model().conversations().size() >= cmd_.max_conversations;
  }

  // Ends the epoch as a shutdown would (final events from the engine's finish()), without
  // ending the flows still open: they end later, in the next epoch, which starts with a
  // fresh engine (model, scan detection, rules read again).
  void next_epoch(std::string_view why) {
    if (epochs_off_) return;
    // The next engine first: if the rules no longer load, this epoch simply goes on (flows
    // past the model's cap are then counted as not judged, as without epochs).
    std::unique_ptr<AnalysisEngine> fresh = make_setup_();
    if (!fresh) {
      fmt::print(stderr,
                 "ghostport live: warning: the rules could not be loaded again (see above); epoch {} goes on "
                 "and no other starts\n",
                 epoch_);
      epochs_off_ = true;
      return;
    }
    const TimeNs now = wall_now();
    const AnalysisResult result = finish_analysis(*setup_);
    monitor_->finish(result, now);
    flows_before_ += monitor_->counters().flows;
    interim_before_ += monitor_->counters().interim_records;
    unmodelled_before_ += result.unmodelled_flows;
    Event e;
    e["event"] = "epoch";
    e["ts"] = events_.time(now);
    e["epoch"] = epoch_ + 1;
    e["reason"] = why;
    events_.write(e);
    if (!cmd_.quiet) {
      fmt::print(stderr,
                 "ghostport live: epoch {} ended ({}): final labels written; epoch {} starts with a fresh model\n",
                 epoch_, why, epoch_ + 1);
    }
    // The old monitor and engine go only after the new ones are in place: the switch never
    // points at freed memory.
    std::unique_ptr<LiveMonitor> old_monitor = std::move(monitor_);
    std::unique_ptr<AnalysisEngine> old_setup = std::move(setup_);
    start_epoch(std::move(fresh));
  }

  const LiveRunOptions& cmd_;
  SetupFactory make_setup_;
  const registry::PortRegistry& registry_;
  // One handle, or (-j N) the fanout group's, which run_workers() hands to the workers;
  // source_ is the first, for its name, link type and link state.
  std::vector<std::unique_ptr<LiveSource>> sources_;
  LiveSource& source_;
  std::unique_ptr<LiveWorkers> workers_;
  std::mutex recorder_mutex_;  // -j: the workers write packets, this thread flushes and rotates
  EventWriter events_;
  std::unique_ptr<AnalysisEngine> publishing_setup_;
  distribute::Publishing publishing_;
  EngineSwitch switch_;
  std::unique_ptr<AnalysisEngine> setup_;
  std::unique_ptr<LiveMonitor> monitor_;
  PacketPipeline pipeline_;
  std::uint32_t epoch_ = 0;
  TimeNs epoch_started_ = 0;
  TimeNs epoch_every_ = seconds(cmd_.epoch_seconds);
  std::uint64_t flows_before_ = 0;
  std::uint64_t interim_before_ = 0;
  std::uint64_t unmodelled_before_ = 0;
  bool epochs_off_ = false;
  std::unique_ptr<PacketRecorder> recorder_;
  SensorHealth health_;
  TimeNs interim_every_ = seconds(cmd_.interim_seconds);
  // How often open flows are looked at: a 60th of the interval, between 1 s and a minute.
  TimeNs interim_check_every_ = std::clamp<TimeNs>(interim_every_ / 60, 1'000'000'000, 60'000'000'000);
  TimeNs interim_checked_ = 0;
  static constexpr TimeNs kTickEvery = 1'000'000'000;
  TimeNs next_tick_ = 0;
  TimeNs stats_every_ = seconds(cmd_.stats_interval);
  TimeNs next_stats_ = 0;
  TimeNs clock_ = 0;
  std::uint64_t packets_ = 0;
  std::uint64_t bytes_ = 0;
  TimeNs started_wall_ = 0;
  TimeNs interval_start_ = 0;
  std::uint64_t interval_packets_mark_ = 0;
  std::uint64_t interval_bytes_mark_ = 0;
  std::uint64_t interval_drops_mark_ = 0;
  std::uint64_t drops_seen_ = 0;
  bool dropping_ = false;
  TimeNs last_drop_check_ = wall_now();
};

}  // namespace

int run_live_capture(const LiveRunOptions& cmd, SetupFactory make_setup, std::unique_ptr<AnalysisEngine> setup,
                     const registry::PortRegistry& registry, std::vector<std::unique_ptr<LiveSource>> sources) {
  const LiveSource& source = *sources.front();
  const std::size_t workers = sources.size();
  auto run = std::make_unique<LiveRun>(cmd, std::move(make_setup), std::move(setup), registry, std::move(sources));
  if (const int rc = run->open_outputs(); rc != exit_code::kOk) return rc;
  if (!cmd.quiet) {
    const std::string mode = cmd.batch_ms > 0 ? fmt::format("batches of {} ms", cmd.batch_ms) : "immediate mode";
    fmt::print(stderr,
               "ghostport live: capturing on {} ({}, {}, snaplen {}, buffer {} KiB{}{}){}{}; events to {}{}; "
               "stop with SIGINT or SIGTERM\n",
               source.interface_name(), link_type_name(source.link_type()), mode, source.snaplen(), cmd.buffer_kib,
               workers > 1 ? fmt::format(" each, {} worker threads in an AF_PACKET fanout group", workers) : "",
               cmd.promiscuous ? ", promiscuous" : "", cmd.filter.empty() ? "" : ", filter '" + cmd.filter + "'",
               cmd.user.empty() ? "" : ", running as " + cmd.user,
               cmd.output.empty() || cmd.output == "-" ? "standard output" : cmd.output,
               cmd.write.empty() ? "" : "; packets to " + cmd.write);
  }
  return run->run();
}

}  // namespace gp::live
