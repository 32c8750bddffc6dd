// ghostport flows: one Zeek conn.log record per connection.
#include <fmt/core.h>

#include <memory>

#include "capture/pipeline/run_capture.hpp"
#include "classify/protocol/zeek_service.hpp"
#include "tools/ghostport/capture_options.hpp"
#include "tools/ghostport/commands.hpp"
#include "common/exit_status.hpp"
#include "report/conn_log.hpp"
#include "report/log_sink.hpp"

namespace gp::cli {
namespace {

struct FlowsCommand {
  CaptureOptions capture;
  std::string format = "tsv";
  bool quiet = false;
};

class ConnLogSink final : public FlowSink {
 public:
  explicit ConnLogSink(report::ConnLogWriter& writer) : writer_(writer) {}
  void flow_ended(const Flow& flow, const ConnRecord& record) override {
    record_ = record;  // assignment reuses the strings' storage: no allocation per flow once warm
    record_.service = zeek_service(flow.evidence, record.ip_proto);
    writer_.write(record_);
  }

 private:
  report::ConnLogWriter& writer_;
  ConnRecord record_;
};

int run_flows(const FlowsCommand& cmd) {
  const std::optional<report::LogFormat> parsed_format = report::parse_log_format(cmd.format);
  if (!parsed_format) {
    fmt::print(stderr, "ghostport flows: unknown format '{}'; use tsv or json\n", cmd.format);
    return exit_code::kUsage;
  }
  const report::LogFormat format = *parsed_format;
  auto input = cmd.capture.open_input();
  report::FileSink out(stdout);
  report::ConnLogWriter writer(format, out);
  ConnLogSink sink(writer);
  const CaptureSummary summary = cmd.capture.run(std::move(input), sink);
  writer.close();
  out.flush();
  if (!cmd.quiet || !summary.error.empty()) fmt::print(stderr, "{}", format_summary(summary));
  if (!out.ok()) {
    fmt::print(stderr, "ghostport flows: error: writing the output failed\n");
    return exit_code::kError;
  }
  return summary.end == ReadStatus::end ? exit_code::kOk : exit_code::kPartialInput;
}

}  // namespace

void add_flows_command(CLI::App& app) {
  auto cmd = std::make_shared<FlowsCommand>();
  CLI::App* sub = app.add_subcommand("flows", "Write one Zeek conn.log record per connection");
  cmd->capture.add_to(*sub);
  sub->add_option("-F,--format", cmd->format, "Output format: tsv (Zeek TSV) or json (JSON Lines)")
      ->capture_default_str();
  sub->add_flag("-q,--quiet", cmd->quiet, "No summary on stderr unless reading stopped early");
  sub->footer("Example: ghostport flows -r capture.pcap -F json 'tcp port 3255'");
  sub->callback([cmd] { exit_status() = run_flows(*cmd); });
}

}  // namespace gp::cli
