#include "distribute/publisher.hpp"

#include <fmt/core.h>
#include <nats/nats.h>

#include <random>

namespace gp::distribute {
namespace {

std::int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

constexpr std::chrono::milliseconds kPause{100};  // between attempts while the server is away

}  // namespace

std::string new_message_id_prefix(const std::string& sensor) {
  std::random_device entropy;
  const std::uint64_t run = (std::uint64_t{entropy()} << 32) | entropy();
  return fmt::format("{}:{:016x}:", sensor, run);
}

Publisher::Publisher(std::unique_ptr<JetStream> js, std::string id_prefix, PublisherOptions options)
    : js_(std::move(js)), id_prefix_(std::move(id_prefix)), options_(options), queue_(options.max_queued) {
  thread_ = std::thread([this] { run(); });
}

Publisher::~Publisher() { close(); }

bool Publisher::publish(std::string subject, std::string data) {
  Message m{std::move(subject), std::move(data), next_sequence_++};
  if (queue_.try_push(m)) return true;
  ++dropped_;
  return false;
}

void Publisher::close() {
  if (!thread_.joinable()) return;
  give_up_at_ns_ = steady_ns() + std::chrono::duration_cast<std::chrono::nanoseconds>(options_.drain).count();
  stopping_ = true;
  queue_.close();
  thread_.join();
  while (queue_.pop_for(std::chrono::milliseconds(0))) ++unsent_;
}

void Publisher::run() {
  bool stream_ready = false;
  for (;;) {
    std::optional<Message> m = queue_.pop_for(std::chrono::milliseconds(200));
    if (!m) {
      if (stopping_) return;
      continue;
    }
    // Sends one message, retrying while the server is away; false once close() gave up.
    for (;;) {
      if (stopping_ && steady_ns() > give_up_at_ns_) {
        ++unsent_;
        return;
      }
      if (!js_->connected()) {
        std::this_thread::sleep_for(kPause);
        continue;
      }
      const std::int64_t max_payload = natsConnection_GetMaxPayload(js_->connection());
      if (max_payload > 0 && static_cast<std::int64_t>(m->data.size()) > max_payload) {
        ++too_large_;
        const std::lock_guard lock(error_mutex_);
        last_error_ =
            fmt::format("a {} byte message is over the server's max_payload of {} bytes", m->data.size(), max_payload);
        break;
      }
      std::string error = stream_ready ? std::string() : js_->ensure_stream();
      if (error.empty()) {
        stream_ready = true;
        error = js_->publish(m->subject, m->data, id_prefix_ + std::to_string(m->sequence), options_.ack_wait);
      }
      if (error.empty()) {
        ++published_;
        break;
      }
      ++retries_;
      {
        const std::lock_guard lock(error_mutex_);
        last_error_ = std::move(error);
      }
      std::this_thread::sleep_for(kPause);
    }
  }
}

PublisherCounters Publisher::counters() const {
  PublisherCounters c;
  c.published = published_;
  c.dropped = dropped_;
  c.too_large = too_large_;
  c.unsent = unsent_;
  c.retries = retries_;
  c.queued = queue_.size();
  c.disconnects = js_->counters().disconnects;
  c.reconnects = js_->counters().reconnects;
  c.connected = js_->connected();
  const std::lock_guard lock(error_mutex_);
  c.last_error = last_error_;
  return c;
}

}  // namespace gp::distribute
