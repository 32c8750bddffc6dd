#include "tools/ghostport/annotation_outputs.hpp"

#include <fmt/core.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <system_error>

#include "annotate/flow_annotations.hpp"
#include "classify/protocol/zeek_service.hpp"
#include "rules/rule_loader.hpp"
#include "tools/ghostport/config_file.hpp"
#include "common/exit_status.hpp"
#include "report/flow_spool.hpp"
#include "report/pcapng_writer.hpp"
#include "report/time_format.hpp"

namespace gp::cli {
namespace fs = std::filesystem;

namespace {

// Records, for each finished flow, the conversation the analyzer files it under: by serial
// for the second pass (-w), in end order with its conn.log record for --log-dir.
class FlowRecorder final : public FlowSink {
 public:
  FlowRecorder(FlowSink& inner, report::FlowRecordFile* records, report::ConnSpool* spool)
      : inner_(inner), records_(records), spool_(spool) {}

  void flow_ended(const Flow& flow, const ConnRecord& record) override {
    inner_.flow_ended(flow, record);
    const ConversationKey key = conversation_key(flow, record);
    if (records_ != nullptr) {
      record_.conversation = key;
      record_.start = flow.start;
      record_.set_uid(record.uid);
      records_->put(flow.serial, record_);
    }
    if (spool_ != nullptr) {
      record_copy_ = record;  // assignment reuses the strings' storage
      record_copy_.service = zeek_service(flow.evidence, record.ip_proto);
      spool_->append(record_copy_, key);
    }
  }

 private:
  FlowSink& inner_;
  report::FlowRecordFile* records_;
  report::ConnSpool* spool_;
  report::FlowRecord record_;
  ConnRecord record_copy_;
};

std::string grouped(std::uint64_t n) {
  std::string digits = std::to_string(n);
  for (std::size_t i = digits.size(); i > 3; i -= 3) digits.insert(i - 3, 1, ',');
  return digits;
}

}  // namespace

void AnnotationOutputOptions::add_to(CLI::App& cmd) {
  cmd.add_option("-w,--write", write_file,
                 "Write every packet, unchanged, to this pcapng file with its flow's verdict as a packet comment "
                 "(- for standard output; needs -r FILE: the capture is read twice)");
  cmd.add_option("--log-dir", log_dir, "Write Zeek-style conn.log (flows + gp_ columns) and ports.log here");
  cmd.add_option("--log-format", log_format, "tsv or json (JSON Lines) for --log-dir (default: json with -F json)")
      ->check(CLI::IsMember({"tsv", "json"}));
}

report::RunDescription describe_run(const CaptureOptions& capture, const AnalysisOptions& analysis,
                                    const RegistryOptions& registry, const registry::LoadResult& loaded) {
  report::RunDescription run;
  run.version = GHOSTPORT_VERSION;
  run.input = capture.input_name();
  run.filter = capture.filter();
  run.rule_sources.push_back(
      analysis.engine.rules_dir.empty()
          ? fmt::format("{} (shipped defaults)", rules::default_rules_dir().lexically_normal().string())
          : analysis.engine.rules_dir);
  for (const std::string& f : analysis.engine_config().rule_layers) run.rule_sources.push_back(f);
  run.registry = loaded.registry_source;
  run.registry_layers.push_back(fmt::format("nmap-services: {}", registry.nmap_services.empty()
                                                                     ? registry::LoadOptions::default_nmap_services()
                                                                     : registry.nmap_services));
  const fs::path folklore(registry.folklore.empty() ? registry::LoadOptions::default_folklore_dir()
                                                    : registry.folklore);
  run.registry_layers.push_back(fmt::format("folklore: {}", folklore.lexically_normal().string()));
  if (!registry.site.empty()) run.registry_layers.push_back(fmt::format("site: {}", registry.site));
  return run;
}

struct AnnotationOutputs::State {
  AnnotationOutputOptions options;
  CaptureOptions capture;  // read again for -w
  report::LogFormat log_format = report::LogFormat::zeek_tsv;
  // -w
  std::unique_ptr<report::PcapngWriter> pcapng;
  std::unique_ptr<report::FlowRecordFile> records;
  report::InterfaceCollector interfaces;
  // --log-dir
  std::unique_ptr<report::ConnSpool> spool;
  report::LogFile conn_log;
  report::LogFile ports_log;
  TimeNs open_time = 0;

  std::unique_ptr<FlowRecorder> recorder;
};

AnnotationOutputs::AnnotationOutputs() : state_(std::make_unique<State>()) {}
AnnotationOutputs::~AnnotationOutputs() = default;

bool AnnotationOutputs::owns_stdout() const { return state_->options.write_file == "-"; }

int AnnotationOutputs::prepare(const AnnotationOutputOptions& options, const CaptureOptions& capture,
                               const std::string& report_format) {
  State& s = *state_;
  s.options = options;
  s.capture = capture;
  s.log_format =
      (report_format == "json" || report_format == "jsonl") ? report::LogFormat::json : report::LogFormat::zeek_tsv;
  if (!options.log_format.empty()) {
    const std::optional<report::LogFormat> format = report::parse_log_format(options.log_format);
    if (!format) {
      fmt::print(stderr, "ghostport analyze: --log-format '{}': use tsv or json\n", options.log_format);
      return exit_code::kUsage;
    }
    s.log_format = *format;
  }
  try {
    if (!options.write_file.empty()) {
      std::error_code ec;
      for (const std::string& input : capture.read_files) {
        if (input == "-" || !fs::is_regular_file(input, ec)) {
          fmt::print(stderr,
                     "ghostport analyze: -w needs -r to name a capture file: it reads the capture twice (once to "
                     "judge every conversation, once to write each packet with its verdict), and {} cannot be read "
                     "twice; save it to a file first (tcpdump -w capture.pcap ...) and run ghostport analyze -r "
                     "capture.pcap -w {}\n",
                     input == "-" ? std::string("standard input") : "'" + input + "'", options.write_file);
          return exit_code::kUsage;
        }
        if (options.write_file != "-" && fs::exists(options.write_file, ec) &&
            fs::equivalent(options.write_file, input, ec)) {
          fmt::print(stderr, "ghostport analyze: -w {} is {} itself; write the annotated copy elsewhere\n",
                     options.write_file,
                     capture.read_files.size() == 1 ? "the input capture" : "one of the input captures");
          return exit_code::kUsage;
        }
      }
      s.pcapng = options.write_file == "-" ? std::make_unique<report::PcapngWriter>(stdout)
                                           : std::make_unique<report::PcapngWriter>(options.write_file);
      if (!s.pcapng->ok()) {
        fmt::print(stderr, "ghostport analyze: cannot write the annotated capture: {}\n", s.pcapng->error());
        return exit_code::kError;
      }
      s.records = std::make_unique<report::FlowRecordFile>();
    }
    if (!options.log_dir.empty()) {
      std::error_code ec;
      fs::create_directories(options.log_dir, ec);
      if (ec || !fs::is_directory(options.log_dir)) {
        fmt::print(stderr, "ghostport analyze: --log-dir {}: cannot create the directory: {}\n", options.log_dir,
                   ec ? ec.message() : std::string("a file of that name is in the way"));
        return exit_code::kError;
      }
      for (auto [file, name] : {std::pair{&s.conn_log, "conn.log"}, std::pair{&s.ports_log, "ports.log"}}) {
        if (const std::string err = file->open((fs::path(options.log_dir) / name).string()); !err.empty()) {
          fmt::print(stderr, "ghostport analyze: --log-dir: cannot write {}\n", err);
          return exit_code::kError;
        }
      }
      s.spool = std::make_unique<report::ConnSpool>();
      s.open_time = report::wall_clock_now();
    }
  } catch (const std::runtime_error& e) {  // a scratch file could not be created
    fmt::print(stderr, "ghostport analyze: {}\n", e.what());
    return exit_code::kError;
  }
  return exit_code::kOk;
}

FlowSink& AnnotationOutputs::first_pass_sink(FlowSink& inner) {
  State& s = *state_;
  if (!s.records && !s.spool) return inner;
  s.recorder = std::make_unique<FlowRecorder>(inner, s.records.get(), s.spool.get());
  return *s.recorder;
}

PacketObserver* AnnotationOutputs::first_pass_observer() { return state_->pcapng ? &state_->interfaces : nullptr; }

int AnnotationOutputs::finish(const AnalysisResult& result, report::RunDescription run, const CaptureSummary& first,
                              bool quiet) {
  State& s = *state_;
  if (!s.pcapng && !s.spool) return exit_code::kOk;
  const AnnotationIndex index(result);
  int status = exit_code::kOk;

  if (s.spool) {
    const TimeNs close_time = report::wall_clock_now();
    report::write_annotated_conn_log(*s.spool, index, s.log_format, s.conn_log, s.open_time, close_time);
    report::write_ports_log(result, s.log_format, s.ports_log, s.open_time, close_time);
    const bool conn_ok = s.conn_log.close();
    const bool ports_ok = s.ports_log.close();
    if (!s.spool->ok()) {
      fmt::print(stderr, "ghostport analyze: --log-dir: {}\n", s.spool->error());
      status = exit_code::kError;
    } else if (!conn_ok || !ports_ok) {
      fmt::print(stderr, "ghostport analyze: --log-dir {}: writing {} failed (disk full?)\n", s.options.log_dir,
                 conn_ok ? "ports.log" : "conn.log");
      status = exit_code::kError;
    } else if (!quiet) {
      fmt::print(stderr, "ghostport: wrote {}/conn.log ({} flows) and ports.log ({} ports)\n", s.options.log_dir,
                 grouped(s.spool->size()), grouped(result.ports.size()));
    }
  }

  if (s.pcapng) {
    auto fail = [&](const std::string& why) {
      fmt::print(stderr, "ghostport analyze: -w {}: {}\n", s.options.write_file, why);
      // A capture whose comments may name the wrong flows is worse than none, but only a file
      // this run created is ours to remove: never a device, a FIFO or a file that was there.
      if (s.options.write_file != "-" && !s.pcapng->discard()) {
        fmt::print(stderr,
                   "ghostport analyze: -w {}: left as it is (this run did not create it); what was written "
                   "to it is incomplete\n",
                   s.options.write_file);
      }
      s.pcapng.reset();
      return exit_code::kError;
    };
    if (s.interfaces.overflowed()) {
      return fail(fmt::format("the capture has more than {} interfaces; not written",
                              report::InterfaceCollector::kMaxInterfaces));
    }
    if (!s.records->ok()) return fail(s.records->error());
    run.packets = first.frames;
    run.flows = first.flows.flows_created;
    s.pcapng->write_section_header(report::section_comment(run, result));
    report::AnnotatedPcapngWriter writer(*s.pcapng, index, *s.records, s.interfaces.interfaces());
    CaptureSummary second;
    try {
      auto source = s.capture.open();
      second = run_capture(*source, s.capture.pipeline(), writer, &writer);
    } catch (const SourceError& e) {
      return fail(fmt::format("reading the capture a second time failed: {}", e.what()));
    }
    s.pcapng->flush();
    if (!writer.error().empty()) return fail(writer.error());
    // Flows the observer never reported (a tunnel's carrier whose every frame was reported
    // with the packet inside) have no packet to annotate; the table's count covers them.
    if (second.frames != first.frames || second.flows.flows_created != first.flows.flows_created) {
      return fail(
          fmt::format("the first pass read {} packets and {} flows, the second {} and {}; the capture changed "
                      "between the two passes (is it still being written?)",
                      first.frames, first.flows.flows_created, second.frames, second.flows.flows_created));
    }
    if (!s.pcapng->ok()) return fail(fmt::format("writing failed: {}", s.pcapng->error()));
    if (!quiet) {
      const report::AnnotatedPcapngStats& st = writer.stats();
      fmt::print(stderr, "ghostport: wrote {} packets to {} ({} with their flow's verdict, {} in no flow)\n",
                 grouped(st.packets),
                 s.options.write_file == "-" ? std::string("standard output") : s.options.write_file,
                 grouped(st.flow_packets), grouped(st.no_flow_packets));
    }
    s.pcapng.reset();  // closes the file
  }
  return status;
}

}  // namespace gp::cli
