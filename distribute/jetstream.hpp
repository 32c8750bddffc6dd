// One connection to a NATS server with JetStream: connects in the background and reconnects
// by itself for as long as it lives (a sensor must never stall, or exit, because the server
// is down), and says what went wrong in words. Wraps the C client (libnats).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.hpp"
#include "distribute/nats_url.hpp"

struct __natsConnection;
struct __jsCtx;
struct __natsSubscription;
struct __natsMsg;

namespace gp::distribute {

// The stream every sensor writes to and every collector reads: subjects ghostport.>.
inline constexpr std::string_view kStreamName = "GHOSTPORT";
inline constexpr std::string_view kStreamSubjects = "ghostport.>";

struct ConnectionCounters {
  std::atomic<std::uint64_t> disconnects{0};
  std::atomic<std::uint64_t> reconnects{0};
  std::atomic<bool> connected{false};
  std::atomic<bool> closed{false};  // libnats's last callback for the connection ran
};

class JetStream {
 public:
  // Starts connecting; fails only when the client cannot be set up (not when the server is
  // down: then it keeps trying, and connected() says so).
  static std::unique_ptr<JetStream> open(const NatsUrl& url, std::string_view client_name, std::string& error);
  ~JetStream();
  JetStream(const JetStream&) = delete;
  JetStream& operator=(const JetStream&) = delete;

  bool connected() const { return counters_->connected.load(); }
  const ConnectionCounters& counters() const { return *counters_; }
  const NatsUrl& url() const { return url_; }

  // Creates the GHOSTPORT stream (file storage, subjects ghostport.>) unless it exists.
  // "" on success, else why not.
  std::string ensure_stream();
  // Publishes and waits up to `wait` for the stream's acknowledgement. `msg_id` makes a
  // retry of the same message a no-op in the stream (JetStream de-duplication).
  std::string publish(const std::string& subject, std::string_view data, const std::string& msg_id,
                      std::chrono::milliseconds wait);

  __natsConnection* connection() const { return connection_; }
  __jsCtx* context() const { return context_; }

 private:
  JetStream() = default;
  NatsUrl url_;
  // Shared with libnats's callbacks, which may run on its threads until the connection is gone.
  std::unique_ptr<ConnectionCounters> counters_ = std::make_unique<ConnectionCounters>();
  __natsConnection* connection_ = nullptr;
  __jsCtx* context_ = nullptr;
};

struct StreamMessage {
  std::string subject;
  std::string data;
  std::uint64_t stream_sequence = 0;
  TimeNs published = 0;       // when the stream stored it
  std::uint64_t pending = 0;  // messages the consumer still had to deliver after this one
};

// A pull consumer on the GHOSTPORT stream. Durable (named) consumers live in the server and
// resume after the last message acknowledged; without a name it is ephemeral and starts at
// `since` (0: the stream's first message).
class StreamReader {
 public:
  static std::unique_ptr<StreamReader> open(JetStream& js, const std::string& filter_subject,
                                            const std::string& durable, TimeNs since, std::string& error);
  ~StreamReader();
  StreamReader(const StreamReader&) = delete;
  StreamReader& operator=(const StreamReader&) = delete;

  // Up to `batch` messages within `wait`; none on a timeout. On an error (e.g. the server
  // restarting) returns none and says why in `error`. They stay unacknowledged until
  // acknowledge(): a collector that dies before merging them gets them again.
  std::vector<StreamMessage> fetch(int batch, std::chrono::milliseconds wait, std::string& error);

  // Acknowledges what the last fetch returned, once the caller has merged it. The last
  // acknowledgement waits for the server's confirmation (acks are handled in order), so
  // when this returns the durable consumer's position is past the batch. Returns why not.
  std::string acknowledge();

 private:
  StreamReader() = default;
  void release_fetched();
  __natsSubscription* subscription_ = nullptr;
  std::vector<__natsMsg*> fetched_;
};

}  // namespace gp::distribute
