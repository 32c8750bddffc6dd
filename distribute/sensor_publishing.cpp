#include "distribute/sensor_publishing.hpp"

#include <fmt/core.h>

#include <cmath>

#include "common/exit_status.hpp"
#include "distribute/jetstream.hpp"
#include "distribute/nats_url.hpp"
#include "distribute/publisher.hpp"
#include "distribute/sensor_summaries.hpp"
#include "distribute/summary_message.hpp"

namespace gp::distribute {

struct Publishing::Tee final : FlowSink {
  Tee(FlowSink& a, FlowSink& b) : first(a), second(b) {}
  void flow_ended(const Flow& flow, const ConnRecord& record) override {
    first.flow_ended(flow, record);
    second.flow_ended(flow, record);
  }
  FlowSink& first;
  FlowSink& second;
};

Publishing::Publishing() = default;
Publishing::~Publishing() = default;

std::string PublishOptions::check() const {
  if (url.empty()) {
    return sensor.empty() ? std::string() : "--sensor names this sensor for --publish; add --publish nats://HOST:PORT";
  }
  std::string error;
  if (!parse_nats_url(url, error)) return "--publish: " + error;
  if (const std::string why = check_sensor_name(sensor_name()); !why.empty()) return "--sensor: " + why;
  return {};
}

std::string PublishOptions::sensor_name() const { return sensor.empty() ? default_sensor_name() : sensor; }

int Publishing::prepare(const PublishOptions& options, const AnalysisEngine& setup, std::string_view command) {
  command_ = command;
  if (const std::string why = options.check(); !why.empty()) {
    fmt::print(stderr, "ghostport {}: {}\n", command, why);
    return exit_code::kUsage;
  }
  if (options.url.empty()) return exit_code::kOk;
  std::string error;
  const auto url = parse_nats_url(options.url, error);
  sensor_ = options.sensor_name();
  auto js = JetStream::open(*url, fmt::format("ghostport {} {}", command, sensor_), error);
  if (!js) {
    fmt::print(stderr, "ghostport {}: error: {}\n", command, error);
    return exit_code::kError;
  }
  const std::string id_prefix = new_message_id_prefix(sensor_);
  PublisherOptions po;
  po.max_queued = options.queue;
  publisher_ = std::make_unique<Publisher>(std::move(js), id_prefix, po);

  SummaryOptions so;
  so.sensor = sensor_;
  so.run = id_prefix.substr(sensor_.size() + 1, 16);
  so.interval = static_cast<TimeNs>(std::llround(options.summary_interval * 1e9));
  const std::string subject = fmt::format("ghostport.{}.summary", sensor_);
  summaries_ = std::make_unique<SensorSummaries>(
      so, [&setup] { return setup.make_summary_analyzer(); }, setup.rules(),
      [this, subject](const SensorSummary& s) { publisher_->publish(subject, encode_summary(s)); });
  return exit_code::kOk;
}

FlowSink& Publishing::sink(FlowSink& inner) {
  if (!active()) return inner;
  tee_ = std::make_unique<Tee>(inner, *summaries_);
  return *tee_;
}

FlowSink* Publishing::summaries_sink() { return summaries_.get(); }

void Publishing::tick(TimeNs now) {
  if (active()) summaries_->tick(now);
}

nlohmann::ordered_json Publishing::counters_json() const {
  if (!active()) return {};
  const PublisherCounters c = publisher_->counters();
  return {{"server", publisher_->url().text()},
          {"connected", c.connected},
          {"published", c.published},
          {"queued", c.queued},
          {"dropped", c.dropped},
          {"too_large", c.too_large},
          {"retries", c.retries},
          {"disconnects", c.disconnects},
          {"reconnects", c.reconnects},
          {"summaries", summaries_->summaries()}};
}

namespace {
// The subject's last token for a live event.
std::string_view event_kind(std::string_view event) {
  if (event == "flow" || event == "flow_interim") return "flow";
  if (event.starts_with("scan")) return "scan";
  if (event == "port_label" || event == "port" || event == "conversation") return "label";
  return "stats";
}
}  // namespace

void Publishing::event(const nlohmann::ordered_json& e) {
  if (!active()) return;
  const auto it = e.find("event");
  std::string_view name = "stats";  // (a conditional expression here would make a temporary string)
  if (it != e.end() && it->is_string()) name = it->get_ref<const std::string&>();
  publisher_->publish(fmt::format("ghostport.{}.{}", sensor_, event_kind(name)), e.dump());
}

bool Publishing::finish(bool quiet) {
  if (!active()) return true;
  summaries_->finish();
  publisher_->close();
  const PublisherCounters c = publisher_->counters();
  const std::uint64_t lost = c.dropped + c.unsent + c.too_large;
  if (!quiet || lost > 0) {
    fmt::print(stderr, "ghostport {}: published {} messages ({} summaries) as sensor '{}' to {}", command_, c.published,
               summaries_->summaries(), sensor_, publisher_->url().text());
    if (c.disconnects > 0)
      fmt::print(stderr, "; the server went away {} time(s), reconnected {}", c.disconnects, c.reconnects);
    fmt::print(stderr, "\n");
  }
  if (lost > 0) {
    fmt::print(stderr,
               "ghostport {}: warning: {} messages not published: {} dropped (queue full: raise --publish-queue), "
               "{} still queued at exit, {} over the server's size limit{}{}\n",
               command_, lost, c.dropped, c.unsent, c.too_large,
               c.last_error.empty() ? "" : "; last error: ", c.last_error);
  }
  return lost == 0;
}

}  // namespace gp::distribute
