#include "capture/pipeline/independent_capture.hpp"

#include <algorithm>
#include <thread>

#include "capture/pipeline/bounded_queue.hpp"
#include "capture/pipeline/packet_pipeline.hpp"

namespace gp {
namespace {

constexpr std::size_t kBatch = 1024;       // finished flows handed over at once
constexpr std::size_t kQueuedBatches = 4;  // per file, before it waits for the merge

struct EndedFlow {
  TimeNs clock = 0;  // the file's network time when the flow ended
  Flow flow;
  ConnRecord record;
};
using Batch = std::vector<EndedFlow>;

// One file: read, tracked and queued on its own thread.
class FileRun final : public FlowSink {
 public:
  FileRun(NamedSource file, const PipelineOptions& options) : file_(std::move(file)), pipeline_(options, *this) {
    batch_.reserve(kBatch);
  }

  void flow_ended(const Flow& flow, const ConnRecord& record) override {
    batch_.push_back(EndedFlow{pipeline_.flows().ending_order().clock, flow, record});
    if (batch_.size() == kBatch) hand_over();
  }

  void run() {
    RawFrame frame;
    while (read_counted(*file_.source, frame, summary_)) pipeline_.process(frame);
    if (!summary_.error.empty()) summary_.error = file_.name + ": " + summary_.error;
    pipeline_.finish();
    summary_.decode = pipeline_.decode_counters();
    summary_.flows = pipeline_.flow_stats();
    hand_over();
    queue_.close();
  }

  // The merge side: the next batch, waiting for one; empty once the file is done.
  Batch take() {
    std::optional<Batch> b = queue_.pop();
    return b ? std::move(*b) : Batch{};
  }

  const CaptureSummary& summary() const { return summary_; }

 private:
  void hand_over() {
    if (batch_.empty()) return;
    queue_.push(std::move(batch_));
    batch_ = Batch{};
    batch_.reserve(kBatch);
  }

  NamedSource file_;
  PacketPipeline pipeline_;
  Batch batch_;
  CaptureSummary summary_;
  BoundedQueue<Batch> queue_{kQueuedBatches};  // closed when the file is done
};

// The merge's view of one file: its current batch and where in it.
struct Cursor {
  FileRun* run = nullptr;
  Batch batch;
  std::size_t next = 0;
  bool finished = false;

  const EndedFlow* head() {
    while (!finished && next == batch.size()) {
      batch = run->take();
      next = 0;
      finished = batch.empty();
    }
    return finished ? nullptr : &batch[next];
  }
};

}  // namespace

CaptureSummary run_files_independently(std::vector<NamedSource> files, const PipelineOptions& options, FlowSink& sink) {
  std::vector<std::unique_ptr<FileRun>> runs;
  for (std::size_t i = 0; i < files.size(); ++i) {
    PipelineOptions per_file = options;
    per_file.flows.max_flows = std::max<std::size_t>(1, options.flows.max_flows / files.size());
    per_file.flows.uid_seed = options.flows.uid_seed + i;
    runs.push_back(std::make_unique<FileRun>(std::move(files[i]), per_file));
  }
  std::vector<std::thread> threads;
  for (auto& r : runs) threads.emplace_back([run = r.get()] { run->run(); });

  std::vector<Cursor> cursors(runs.size());
  for (std::size_t i = 0; i < runs.size(); ++i) cursors[i].run = runs[i].get();
  for (;;) {
    Cursor* earliest = nullptr;
    for (Cursor& c : cursors) {
      const EndedFlow* h = c.head();
      if (h != nullptr && (earliest == nullptr || h->clock < earliest->head()->clock)) earliest = &c;
    }
    if (earliest == nullptr) break;
    const EndedFlow& e = earliest->batch[earliest->next++];
    sink.flow_ended(e.flow, e.record);
  }
  for (auto& t : threads) t.join();

  CaptureSummary summary;
  summary.end = ReadStatus::end;
  summary.independent_files = runs.size();
  for (const auto& r : runs) {
    const CaptureSummary& s = r->summary();
    summary.frames += s.frames;
    summary.bytes += s.bytes;
    summary.clamped_timestamps += s.clamped_timestamps;
    if (s.first_ts != 0 && (summary.first_ts == 0 || s.first_ts < summary.first_ts)) summary.first_ts = s.first_ts;
    summary.last_ts = std::max(summary.last_ts, s.last_ts);
    summary.decode.add(s.decode);
    summary.flows.add(s.flows);
    if (s.end != ReadStatus::end) {
      if (summary.end == ReadStatus::end) summary.end = s.end;
      summary.error += (summary.error.empty() ? "" : "; ") + s.error;
    }
  }
  return summary;
}

}  // namespace gp
