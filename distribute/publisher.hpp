// Sends a sensor's messages to JetStream from its own thread, so capture never waits on the
// network: publish() only queues (bounded), and what does not fit is dropped and counted.
// A message the server did not acknowledge (down, restarting) is retried until it is, with
// a message id that makes the stream keep one copy however often it was sent.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "capture/pipeline/bounded_queue.hpp"
#include "distribute/jetstream.hpp"

namespace gp::distribute {

struct PublisherOptions {
  std::size_t max_queued = 4096;                              // messages waiting to be sent
  std::chrono::milliseconds ack_wait{2000};                   // per attempt
  std::chrono::milliseconds drain{std::chrono::seconds(10)};  // close() waits this long at most
};

struct PublisherCounters {
  std::uint64_t published = 0;  // acknowledged by the stream
  std::uint64_t dropped = 0;    // refused: the queue was full (server slow or away)
  std::uint64_t too_large = 0;  // over the server's maximum message size
  std::uint64_t unsent = 0;     // still queued when close() gave up
  std::uint64_t retries = 0;    // attempts that failed and were tried again
  std::uint64_t queued = 0;     // waiting now
  std::uint64_t disconnects = 0;
  std::uint64_t reconnects = 0;
  bool connected = false;
  std::string last_error;
};

class Publisher {
 public:
  // `id_prefix` starts every message id (sensor and run), so no two runs collide.
  Publisher(std::unique_ptr<JetStream> js, std::string id_prefix, PublisherOptions options = {});
  ~Publisher();
  Publisher(const Publisher&) = delete;
  Publisher& operator=(const Publisher&) = delete;

  // Queues a message; false (and counted) when the queue is full. Never blocks.
  bool publish(std::string subject, std::string data);
  // Sends what is queued, for at most options.drain, then stops; the rest is counted unsent.
  void close();
  PublisherCounters counters() const;
  const NatsUrl& url() const { return js_->url(); }

 private:
  struct Message {
    std::string subject;
    std::string data;
    std::uint64_t sequence = 0;
  };
  void run();
  bool send(const Message& m);

  std::unique_ptr<JetStream> js_;
  std::string id_prefix_;
  PublisherOptions options_;
  BoundedQueue<Message> queue_;
  std::atomic<std::uint64_t> next_sequence_{0};
  std::atomic<std::uint64_t> published_{0};
  std::atomic<std::uint64_t> dropped_{0};
  std::atomic<std::uint64_t> too_large_{0};
  std::atomic<std::uint64_t> unsent_{0};
  std::atomic<std::uint64_t> retries_{0};
  std::atomic<bool> stopping_{false};
  std::atomic<std::int64_t> give_up_at_ns_{0};  // steady clock; set by close()
  mutable std::mutex error_mutex_;
  std::string last_error_;
  std::thread thread_;
};

// "sensor:run:" with a random run id, for Publisher's id_prefix.
std::string new_message_id_prefix(const std::string& sensor);

}  // namespace gp::distribute
