#include "capture/pipeline/sharded_capture.hpp"

#include <algorithm>
#include <atomic>
#include <deque>
#include <memory>
#include <thread>
#include <vector>

#include "capture/decode/frame_shard.hpp"
#include "capture/pipeline/bounded_queue.hpp"

namespace gp {
namespace {

// The flows ended in a chunk travel with it (a Flow and its record, about 1 KB with the
// record's strings), so in a flood, where every frame ends one, each chunk in flight holds
// about 1 KB per frame: 4,096 frames cost a 1 M SYN flood 18 MB more peak RSS than 1,024,
// which cost long sessions about 4 % of analyze's time.
constexpr std::size_t kChunkFrames = 1024;
constexpr std::size_t kChunkBytes = 8U << 20U;

// A frame as the reader copied it; `now` is the network time once it was read (the latest
// timestamp so far), what one flow table's clock would say after it.
struct FrameCopy {
  TimeNs ts = 0;
  TimeNs now = 0;
  std::uint64_t number = 0;
  std::int64_t file_offset = -1;
  std::size_t offset = 0;  // into Chunk::bytes
  std::uint32_t length = 0;
  std::uint32_t wire_len = 0;
  std::uint32_t interface_id = 0;
  int link_type = 0;
};

// What a worker does at one frame: handle it, or only match an ICMP error's quote.
struct WorkItem {
  std::uint32_t position = 0;  // into Chunk::frames
  bool quote_elsewhere = false;
  bool quote_only = false;
  IcmpQuote quote;
};

struct EndedFlow {
  FlowEndOrder order;
  Flow flow;
  ConnRecord record;
};

struct Chunk {
  explicit Chunk(unsigned workers) : work(workers), ended(workers) {
    // bytes grows to what its frames need (kept across reuse): reserving kChunkBytes up front
    // made every chunk resident at its largest, 34 MB of read-ahead for 700 KB of small frames.
    frames.reserve(kChunkFrames);
  }
  void reset() {
    bytes.clear();
    frames.clear();
    for (auto& w : work) w.clear();
    for (auto& e : ended) e.clear();
    last = false;
  }

  std::vector<std::uint8_t> bytes;
  std::vector<FrameCopy> frames;
  std::vector<std::vector<WorkItem>> work;    // per worker, in frame order
  std::vector<std::vector<EndedFlow>> ended;  // per worker, in its table's order
  std::atomic<unsigned> pending{0};           // workers still on it
  bool last = false;                          // the input ended with this chunk
};

// Where a worker's flows go: into the chunk being handled, or, for the end-of-input merge,
// straight on.
class WorkerSink final : public FlowSink {
 public:
  void flow_ended(const Flow& flow, const ConnRecord& record) override {
    if (direct != nullptr) {
      direct->flow_ended(flow, record);
      return;
    }
    out->push_back(EndedFlow{table->ending_order(), flow, record});
  }
  const FlowTable* table = nullptr;
  std::vector<EndedFlow>* out = nullptr;
  FlowSink* direct = nullptr;
};

class Worker {
 public:
  Worker(unsigned index, const PipelineOptions& options) : index_(index), pipeline_(options, sink_) {
    sink_.table = &pipeline_.flows();
  }

  void handle(Chunk& chunk) {
    sink_.out = &chunk.ended[index_];
    next_ = 0;
    for (const WorkItem& item : chunk.work[index_]) {
      catch_up(chunk, item.position);
      const FrameCopy& f = chunk.frames[item.position];
      if (item.quote_only) {
        pipeline_.note_icmp_quote(item.quote, f.number, f.ts);
      } else {
        const RawFrame frame{f.ts,           std::span<const std::uint8_t>(chunk.bytes.data() + f.offset, f.length),
                             f.wire_len,     f.link_type,
                             f.interface_id, f.number,
                             f.file_offset};
        pipeline_.process(frame, item.quote_elsewhere);
      }
      next_ = item.position + 1;
    }
    catch_up(chunk, chunk.frames.size());
  }

  PacketPipeline& pipeline() { return pipeline_; }
  WorkerSink& sink() { return sink_; }

 private:
  // Fires the timers due by the frames before `position` at the frame where one table would
  // have: the first frame, from next_ on, whose network time reached them. Then the clock
  // moves on to the last of those frames without firing what that frame's own packet would.
  void catch_up(const Chunk& chunk, std::size_t position) {
    if (position <= next_) return;
    const auto first = chunk.frames.begin() + static_cast<std::ptrdiff_t>(next_);
    const auto end = chunk.frames.begin() + static_cast<std::ptrdiff_t>(position);
    for (;;) {
      const TimeNs due = pipeline_.flows().next_deadline();
      const auto at = std::partition_point(first, end, [due](const FrameCopy& f) { return f.now < due; });
      if (at == end) break;
      pipeline_.advance(at->now, at->number);
    }
    pipeline_.raise_clock((end - 1)->now);
  }

  unsigned index_;
  WorkerSink sink_;
  PacketPipeline pipeline_;
  std::size_t next_ = 0;  // the first frame of the chunk this worker's clock has not passed
};

// The workers' lists of one chunk, each in its table's order, merged into one.
void merge_ended(Chunk& chunk, FlowSink& sink) {
  const std::size_t n = chunk.ended.size();
  std::vector<std::size_t> next(n, 0);
  for (;;) {
    std::size_t best = n;
    for (std::size_t w = 0; w < n; ++w) {
      if (next[w] == chunk.ended[w].size()) continue;
      if (best == n || chunk.ended[w][next[w]].order < chunk.ended[best][next[best]].order) best = w;
    }
    if (best == n) return;
    const EndedFlow& e = chunk.ended[best][next[best]++];
    sink.flow_ended(e.flow, e.record);
  }
}

// The flows still open at the end of input, least recently active first across workers.
void flush_in_order(std::vector<std::unique_ptr<Worker>>& workers, FlowSink& sink) {
  for (auto& w : workers) w->sink().direct = &sink;
  for (;;) {
    Worker* oldest = nullptr;
    std::uint64_t oldest_touch = 0;
    for (auto& w : workers) {
      const auto touch = w->pipeline().flows().oldest_touch();
      if (touch && (oldest == nullptr || *touch < oldest_touch)) {
        oldest = w.get();
        oldest_touch = *touch;
      }
    }
    if (oldest == nullptr) break;
    oldest->pipeline().end_oldest();
  }
  for (auto& w : workers) w->pipeline().finish();  // nothing left to end; clears the timers
}

}  // namespace

CaptureSummary run_capture_sharded(PacketSource& source, const PipelineOptions& options, FlowSink& sink,
                                   unsigned workers) {
  workers = std::max(workers, 1U);
  PipelineOptions per_worker = options;
  per_worker.flows.max_flows = std::max<std::size_t>(1, options.flows.max_flows / workers);

  // Every queue holds pointers into the pool, so none can hold more than the pool: full never
  // blocks, and never closes (the last chunk says when to stop).
  const std::size_t pool_size = 2 * workers + 2;
  std::vector<std::unique_ptr<Chunk>> pool;
  BoundedQueue<Chunk*> free_chunks(pool_size);
  for (std::size_t i = 0; i < pool_size; ++i) {
    pool.push_back(std::make_unique<Chunk>(workers));
    free_chunks.push(pool.back().get());
  }
  std::deque<BoundedQueue<Chunk*>> inboxes;
  for (unsigned w = 0; w < workers; ++w) inboxes.emplace_back(pool_size);
  BoundedQueue<Chunk*> handled(pool_size);

  std::vector<std::unique_ptr<Worker>> pipelines;
  for (unsigned w = 0; w < workers; ++w) pipelines.push_back(std::make_unique<Worker>(w, per_worker));

  std::vector<std::thread> threads;
  for (unsigned w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      for (;;) {
        Chunk* chunk = *inboxes[w].pop();
        pipelines[w]->handle(*chunk);
        const bool last = chunk->last;
        if (chunk->pending.fetch_sub(1) == 1) handled.push(chunk);
        if (last) return;
      }
    });
  }

  CaptureSummary summary;  // the reader's counts; the workers' are added at the end
  threads.emplace_back([&] {
    FrameSharder sharder;
    RawFrame frame;
    TimeNs now = 0;
    Chunk* chunk = *free_chunks.pop();
    chunk->reset();
    const auto send = [&](Chunk* c) {
      c->pending.store(workers);
      for (auto& inbox : inboxes) inbox.push(c);
    };
    while (read_counted(source, frame, summary)) {
      now = std::max(now, frame.ts);

      // One worker (read-ahead) owns every frame and every quote: nothing to classify.
      const FrameShard shard = workers > 1 ? sharder.classify(frame) : FrameShard{};
      const unsigned owner = shard.has_ip ? shard_of(shard.hash, workers) : 0;  // no IP: only counted
      const auto position = static_cast<std::uint32_t>(chunk->frames.size());
      chunk->frames.push_back(FrameCopy{frame.ts, now, frame.number, frame.file_offset, chunk->bytes.size(),
                                        static_cast<std::uint32_t>(frame.bytes.size()), frame.wire_len,
                                        frame.interface_id, frame.link_type});
      chunk->bytes.insert(chunk->bytes.end(), frame.bytes.begin(), frame.bytes.end());
      WorkItem item;
      item.position = position;
      if (shard.quote.present) {
        const unsigned quoted = shard_of(shard.quote_hash, workers);
        if (quoted != owner) {
          chunk->work[quoted].push_back(WorkItem{position, false, true, shard.quote});
          item.quote_elsewhere = true;
        }
      }
      chunk->work[owner].push_back(item);
      if (chunk->frames.size() >= kChunkFrames || chunk->bytes.size() >= kChunkBytes) {
        send(chunk);
        chunk = *free_chunks.pop();
        chunk->reset();
      }
    }
    chunk->last = true;
    send(chunk);
  });

  for (;;) {
    Chunk* chunk = *handled.pop();
    merge_ended(*chunk, sink);
    const bool last = chunk->last;
    chunk->reset();
    free_chunks.push(chunk);
    if (last) break;
  }
  for (auto& t : threads) t.join();
  flush_in_order(pipelines, sink);

  summary.workers = workers;
  summary.decode = pipelines[0]->pipeline().decode_counters();
  summary.flows = pipelines[0]->pipeline().flow_stats();
  for (unsigned w = 1; w < workers; ++w) {
    summary.decode.add(pipelines[w]->pipeline().decode_counters());
    summary.flows.add(pipelines[w]->pipeline().flow_stats());
  }
  return summary;
}

}  // namespace gp
