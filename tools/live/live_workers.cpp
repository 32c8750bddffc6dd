#include "tools/live/live_workers.hpp"

#include <pthread.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <deque>
#include <thread>
#include <utility>

#include "capture/pipeline/packet_pipeline.hpp"
#include "tools/live/clocks.hpp"
#include "tools/live/interim_records.hpp"
#include "tools/live/packet_recorder.hpp"

namespace gp::live {
namespace {

constexpr int kReadWaitMs = 100;
constexpr TimeNs kPublishEvery = 1'000'000'000;
// Flows and interim records queued for the engine before a worker waits for it.
constexpr std::size_t kQueueLimit = 1U << 16;

// A finished flow (nth == 0) or an interim record of an open one.
struct Handover {
  Flow flow;
  ConnRecord record;
  std::uint64_t nth = 0;
};

}  // namespace

struct LiveWorkers::Shared {
  std::mutex mutex;
  std::condition_variable ready;     // the engine has something to take
  std::condition_variable has_room;  // the queue is below its limit again
  std::deque<Handover> queue;
  std::atomic<bool> stopping{false};
  std::atomic<bool> link_down{false};
  std::string error;

  void push(Handover item) {
    std::unique_lock lock(mutex);
    has_room.wait(lock, [this] { return queue.size() < kQueueLimit || stopping.load(); });
    queue.push_back(std::move(item));
    lock.unlock();
    ready.notify_one();
  }
  void fail(const std::string& why) {
    {
      const std::lock_guard lock(mutex);
      if (error.empty()) error = why;
    }
    stopping = true;
    has_room.notify_all();
    ready.notify_one();
  }
};

struct LiveWorkers::Worker final : FlowSink {
  Worker(std::unique_ptr<LiveSource> s, const WorkerOptions& o, Shared& sh)
      : source(std::move(s)), options(o), shared(sh), pipeline(o.pipeline, *this) {}

  void flow_ended(const Flow& flow, const ConnRecord& record) override {
    if (direct != nullptr) {
      direct->flow_ended(flow, record);
      return;
    }
    shared.push(Handover{flow, record, 0});
  }

  void run() {
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, nullptr);  // signals are the calling thread's
    RawFrame frame;
    TimeNs next_publish = steady_now() + kPublishEvery;
    while (!shared.stopping.load(std::memory_order_relaxed)) {
      const LiveRead r = source->next_live(frame, kReadWaitMs, nullptr);
      if (r == LiveRead::frame) {
        packets.fetch_add(1, std::memory_order_relaxed);
        bytes.fetch_add(frame.wire_len, std::memory_order_relaxed);
        last_packet.store(frame.ts, std::memory_order_relaxed);
        clock = std::max(clock, frame.ts);
        if (options.recorder != nullptr) {
          const std::lock_guard lock(*options.recorder_mutex);
          options.recorder->write(frame);
        }
        pipeline.process(frame);
      } else if (r == LiveRead::idle) {
        const TimeNs t = wall_now() - options.idle_slack;
        if (t > clock) {
          clock = t;
          pipeline.advance(clock);
        }
      } else if (r == LiveRead::link_down) {
        shared.link_down = true;
      } else if (r == LiveRead::error) {
        shared.fail(source->error_message());
      }
      if (const TimeNs now = steady_now(); now >= next_publish) {
        next_publish = now + kPublishEvery;
        interim_records();
        publish();
      }
    }
    publish();
  }

  // As LiveRun does on one thread: an open flow gets record n when n intervals fit in its
  // age now and did not at the previous look.
  void interim_records() {
    if (options.interim_every <= 0 || clock - interim_checked < options.interim_check_every) return;
    const TimeNs before = interim_checked;
    interim_checked = clock;
    const FlowTable& flows = pipeline.flows();
    std::vector<Handover> records;
    for_each_interim_due(flows, before, clock, options.interim_every, [&](const Flow& flow, std::uint64_t nth) {
      records.push_back(Handover{flow, flows.snapshot(flow), nth});
    });
    for (auto& r : records) shared.push(std::move(r));
  }

  void publish() {
    const LiveStats capture = source->stats();
    const std::lock_guard lock(published_mutex);
    published_capture = capture;
    published_decode = pipeline.decode_counters();
    published_flows = pipeline.flow_stats();
    published_open = pipeline.flows().size();
    published_clock = clock;
  }

  std::unique_ptr<LiveSource> source;
  WorkerOptions options;
  Shared& shared;
  PacketPipeline pipeline;
  FlowSink* direct = nullptr;  // finish(): straight to the engine
  std::thread thread;
  TimeNs clock = 0;
  TimeNs interim_checked = 0;
  std::atomic<std::uint64_t> packets{0};
  std::atomic<std::uint64_t> bytes{0};
  std::atomic<TimeNs> last_packet{0};

  mutable std::mutex published_mutex;
  LiveStats published_capture;
  DecodeCounters published_decode;
  FlowTableStats published_flows;
  std::uint64_t published_open = 0;
  TimeNs published_clock = 0;
};

LiveWorkers::LiveWorkers(std::vector<std::unique_ptr<LiveSource>> sources, WorkerOptions options)
    : shared_(std::make_unique<Shared>()) {
  const auto n = static_cast<std::uint32_t>(sources.size());
  options.pipeline.flows.max_flows = std::max<std::size_t>(1, options.pipeline.flows.max_flows / std::max(n, 1U));
  for (auto& s : sources) workers_.push_back(std::make_unique<Worker>(std::move(s), options, *shared_));
}

LiveWorkers::~LiveWorkers() {
  shared_->stopping = true;
  shared_->has_room.notify_all();
  for (auto& w : workers_) {
    if (w->thread.joinable()) w->thread.join();
  }
}

void LiveWorkers::start() {
  for (auto& w : workers_) w->thread = std::thread([worker = w.get()] { worker->run(); });
}

void LiveWorkers::deliver(FlowSink& sink, const InterimFn& interim, int wait_ms) {
  std::deque<Handover> taken;
  {
    std::unique_lock lock(shared_->mutex);
    shared_->ready.wait_for(lock, std::chrono::milliseconds(wait_ms),
                            [this] { return !shared_->queue.empty() || shared_->stopping.load(); });
    taken.swap(shared_->queue);
  }
  shared_->has_room.notify_all();
  for (const Handover& h : taken) {
    if (h.nth == 0) {
      sink.flow_ended(h.flow, h.record);
    } else if (interim) {
      interim(h.flow, h.record, h.nth);
    }
  }
}

void LiveWorkers::stop(FlowSink& sink, const InterimFn& interim) {
  shared_->stopping = true;
  shared_->has_room.notify_all();
  for (auto& w : workers_) {
    if (w->thread.joinable()) w->thread.join();
  }
  deliver(sink, interim, 0);
}

void LiveWorkers::finish(FlowSink& sink) {
  for (auto& w : workers_) {
    w->direct = &sink;
    w->pipeline.finish();
    w->publish();
  }
}

WorkerTotals LiveWorkers::totals() const {
  WorkerTotals t;
  for (const auto& w : workers_) {
    t.packets += w->packets.load(std::memory_order_relaxed);
    t.bytes += w->bytes.load(std::memory_order_relaxed);
    t.last_packet = std::max(t.last_packet, w->last_packet.load(std::memory_order_relaxed));
    const std::lock_guard lock(w->published_mutex);
    t.clock = std::max(t.clock, w->published_clock);
    t.capture.received += w->published_capture.received;
    t.capture.kernel_drops += w->published_capture.kernel_drops;
    t.capture.interface_drops += w->published_capture.interface_drops;
    t.decode.add(w->published_decode);
    t.flows.add(w->published_flows);
    t.open_flows += w->published_open;
  }
  return t;
}

bool LiveWorkers::take_link_down() { return shared_->link_down.exchange(false); }

std::string LiveWorkers::take_error() {
  const std::lock_guard lock(shared_->mutex);
  return std::exchange(shared_->error, std::string{});
}

std::size_t LiveWorkers::size() const { return workers_.size(); }

std::vector<std::uint64_t> LiveWorkers::packets_per_worker() const {
  std::vector<std::uint64_t> out;
  for (const auto& w : workers_) out.push_back(w->packets.load(std::memory_order_relaxed));
  return out;
}
const LiveSource& LiveWorkers::primary() const { return *workers_.front()->source; }

}  // namespace gp::live
