// --publish nats://HOST:PORT for analyze and live (issue 11): the run's mergeable summaries
// (distribute/sensor_summaries.hpp) and, for live, its events go to the GHOSTPORT
// JetStream stream as ghostport.<sensor>.summary / .flow / .scan / .label / .stats.
// Publishing never holds capture up: a bounded queue in front of a sending thread, what
// does not fit counted and reported at the end.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <string_view>

#include "annotate/analysis_engine.hpp"
#include "capture/flow/flow_table.hpp"

namespace gp::distribute {

class Publisher;
class SensorSummaries;

struct PublishOptions {
  std::string url;               // --publish
  std::string sensor;            // --sensor (default: the host name)
  double summary_interval = 60;  // --summary-interval, seconds of network time
  std::size_t queue = 4096;      // --publish-queue, messages

  // What is wrong with the URL or the sensor name ("" when nothing), for an early check.
  std::string check() const;
  std::string sensor_name() const;  // --sensor, or the host's name
};

class Publishing {
 public:
  Publishing();
  ~Publishing();
  Publishing(const Publishing&) = delete;
  Publishing& operator=(const Publishing&) = delete;

  // Checks the options and starts connecting (a server that is down is retried in the
  // background, never an error). Returns an exit status; without --publish does nothing.
  int prepare(const PublishOptions& options, const AnalysisEngine& setup, std::string_view command);
  bool active() const { return publisher_ != nullptr; }
  // `inner`, and with --publish the summaries beside it.
  FlowSink& sink(FlowSink& inner);
  // ghostport live: the summaries' own sink (null without --publish); the capture clock
  // once a second, so summaries are cut on an idle link too (a heartbeat that moves the
  // collector's watermark); one event, on the subject of its kind; the counts so far.
  FlowSink* summaries_sink();
  void tick(TimeNs now);
  void event(const nlohmann::ordered_json& e);
  nlohmann::ordered_json counters_json() const;
  // The final summary, then up to 10 s to send what is queued; says what was sent and lost
  // unless quiet (losses are always said). True when nothing was lost.
  bool finish(bool quiet);

 private:
  struct Tee;
  std::string sensor_;
  std::string command_;
  std::unique_ptr<Publisher> publisher_;
  std::unique_ptr<SensorSummaries> summaries_;
  std::unique_ptr<Tee> tee_;
};

}  // namespace gp::distribute
