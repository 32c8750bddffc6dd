// --publish, --sensor, --summary-interval and --publish-queue for analyze and live
// (distribute/sensor_publishing.hpp does the publishing).
#pragma once

#include <CLI/CLI.hpp>

#include "distribute/sensor_publishing.hpp"

namespace gp::cli {

void add_publish_options(CLI::App& cmd, distribute::PublishOptions& options);

}  // namespace gp::cli
