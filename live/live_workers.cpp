#include "live/live_workers.hpp"

#include <pthread.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <deque>
#include <thread>
#include <utility>
#include <vector>

#include "capture/pipeline/packet_pipeline.hpp"
#include "live/clocks.hpp"
#include "live/interim_records.hpp"
#include "live/packet_recorder.hpp"

namespace gp::live {
namespace {

constexpr int kReadWaitMs = 100;
constexpr TimeNs kPublishEvery = 1'000'000'000;
// Flows and interim records queued for the engine before a worker waits for it.
constexpr std::size_t kQueueLimit = 1U << 16;

// An ICMP error a worker handled whose quoted flow its table does not hold. The kernel's
// fanout hashes the error by its own header (addresses, ICMP), not by the flow it answers,
// so that flow is often another worker's: every other worker is told, and the one holding
// it counts the error there, as one table would have.
struct QuoteNote {
  IcmpQuote quote;
  TimeNs ts = 0;
};
// How long (on the worker's clock) a note waits for its flow: the packet that opens it may
// still be in this worker's ring when another worker handles the error.
constexpr TimeNs kQuoteWait = 2'000'000'000;
constexpr TimeNs kQuoteRetryEvery = 20'000'000;  // steady time between looks at waiting notes

// A finished flow, an interim record of an open one (its nth), or an open control flow's
// new announcement (FlowSink::flow_announced).
struct Handover {
  enum class Kind : std::uint8_t { ended, interim, announced };
  Flow flow;
  ConnRecord record;
  Kind kind = Kind::ended;
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

struct LiveWorkers::Worker final : FlowSink, IcmpQuoteMisses {
  Worker(std::unique_ptr<LiveSource> s, const WorkerOptions& o, Shared& sh)
      : source(std::move(s)), options(o), shared(sh), pipeline(o.pipeline, *this) {
    inbox.reserve(kQuoteNotesLimit);
    waiting.reserve(kQuoteNotesLimit);
  }

  // The workers that may hold the flows this one's ICMP errors quote.
  void tell_quotes_to(std::vector<Worker*> others) {
    peers = std::move(others);
    if (!peers.empty()) pipeline.send_quote_misses(this);
  }

  void quote_missed(const IcmpQuote& quote, TimeNs ts) override {
    quotes_forwarded.fetch_add(1, std::memory_order_relaxed);
    for (Worker* peer : peers) {
      if (!peer->post(QuoteNote{quote, ts})) quotes_dropped.fetch_add(1, std::memory_order_relaxed);
    }
  }

  bool post(const QuoteNote& note) {
    const std::lock_guard lock(inbox_mutex);
    if (inbox.size() >= kQuoteNotesLimit) return false;
    inbox.push_back(note);
    inbox_filled.store(true, std::memory_order_release);
    return true;
  }

  // Takes the inbox's notes and counts those whose flow is here; the rest wait for their flow
  // up to kQuoteWait, or are given up now when `last`.
  void settle_quotes(bool last) {
    if (inbox_filled.exchange(false, std::memory_order_acquire)) {
      const std::lock_guard lock(inbox_mutex);
      for (const QuoteNote& note : inbox) {
        if (waiting.size() < kQuoteNotesLimit) {
          waiting.push_back(note);
        } else {
          quotes_dropped.fetch_add(1, std::memory_order_relaxed);
        }
      }
      inbox.clear();
    }
    std::erase_if(waiting, [&](const QuoteNote& note) {
      if (pipeline.match_icmp_quote(note.quote)) {
        quotes_matched.fetch_add(1, std::memory_order_relaxed);
        return true;
      }
      return last || clock - note.ts > kQuoteWait;
    });
  }

  void flow_ended(const Flow& flow, const ConnRecord& record) override {
    if (direct != nullptr) {
      direct->flow_ended(flow, record);
      return;
    }
    shared.push(Handover{flow, record, Handover::Kind::ended, 0});
  }

  void flow_announced(const Flow& flow, const ConnRecord& now) override {
    if (direct != nullptr) {
      direct->flow_announced(flow, now);
      return;
    }
    shared.push(Handover{flow, now, Handover::Kind::announced, 0});
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
      if (inbox_filled.load(std::memory_order_relaxed) || (!waiting.empty() && steady_now() >= next_retry)) {
        settle_quotes(false);
        next_retry = steady_now() + kQuoteRetryEvery;
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
      records.push_back(Handover{flow, flows.snapshot(flow), Handover::Kind::interim, nth});
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

  std::vector<Worker*> peers;
  std::mutex inbox_mutex;
  std::vector<QuoteNote> inbox;  // under inbox_mutex
  std::atomic<bool> inbox_filled{false};
  std::vector<QuoteNote> waiting;  // this worker's thread only
  TimeNs next_retry = 0;
  std::atomic<std::uint64_t> quotes_forwarded{0};  // errors this worker told the others about
  std::atomic<std::uint64_t> quotes_matched{0};    // notes whose flow was in this worker's table
  std::atomic<std::uint64_t> quotes_dropped{0};    // notes lost to a full inbox or waiting list

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
  if (workers_.size() < 2) return;
  for (auto& w : workers_) {
    std::vector<Worker*> others;
    for (auto& o : workers_) {
      if (o != w) others.push_back(o.get());
    }
    w->tell_quotes_to(std::move(others));
  }
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
    switch (h.kind) {
      case Handover::Kind::ended: sink.flow_ended(h.flow, h.record); break;
      case Handover::Kind::announced: sink.flow_announced(h.flow, h.record); break;
      case Handover::Kind::interim:
        if (interim) interim(h.flow, h.record, h.nth);
        break;
    }
  }
}

void LiveWorkers::stop(FlowSink& sink, const InterimFn& interim) {
  shared_->stopping = true;
  shared_->has_room.notify_all();
  for (auto& w : workers_) {
    if (w->thread.joinable()) w->thread.join();
  }
  for (auto& w : workers_) w->settle_quotes(true);  // every worker has told the others all it had
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
    t.quotes_forwarded += w->quotes_forwarded.load(std::memory_order_relaxed);
    t.quotes_matched += w->quotes_matched.load(std::memory_order_relaxed);
    t.quotes_dropped += w->quotes_dropped.load(std::memory_order_relaxed);
  }
  // A forwarded error no worker matched is what one table would have counted unmatched.
  t.flows.icmp_errors_unmatched += t.quotes_forwarded - std::min(t.quotes_forwarded, t.quotes_matched);
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
