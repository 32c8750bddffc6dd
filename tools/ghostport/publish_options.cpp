#include "tools/ghostport/publish_options.hpp"

namespace gp::cli {

void add_publish_options(CLI::App& cmd, distribute::PublishOptions& options) {
  cmd.add_option("--publish", options.url,
                 "Also send mergeable summaries (live: and every event) to this NATS JetStream server, "
                 "for ghostport collect")
      ->type_name("nats://HOST:PORT");
  cmd.add_option("--sensor", options.sensor,
                 "This sensor's name on the subjects ghostport.<sensor>.* (default: host name)");
  cmd.add_option("--summary-interval", options.summary_interval, "Seconds of traffic each published summary covers")
      ->check(CLI::Range(1.0, 86400.0))
      ->capture_default_str();
  cmd.add_option("--publish-queue", options.queue,
                 "Messages queued for the server at most; more are dropped and counted")
      ->check(CLI::Range(std::size_t{16}, std::size_t{10'000'000}))
      ->capture_default_str();
}

}  // namespace gp::cli
