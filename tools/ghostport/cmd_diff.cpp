// ghostport diff OLD.json NEW.json: what changed between two `analyze -F json` results —
// ports whose label or standing changed, new orphaned ports with traffic, new scanners,
// ports that went quiet (analysis_diff.hpp). As a table, or JSON with -F json.
#include <fmt/core.h>

#include <cstdio>
#include <memory>
#include <string>

#include "report/analysis_diff.hpp"
#include "tools/ghostport/commands.hpp"
#include "common/exit_status.hpp"

namespace gp::cli {
namespace {

struct DiffCommand {
  std::string old_path;
  std::string new_path;
  std::string format = "table";
};

int run_diff(const DiffCommand& cmd) {
  nlohmann::json old_doc;
  nlohmann::json new_doc;
  for (const auto& [path, doc] : {std::pair{&cmd.old_path, &old_doc}, std::pair{&cmd.new_path, &new_doc}}) {
    std::string why;
    std::optional<nlohmann::json> loaded = report::load_analysis_json(*path, why);
    if (!loaded) {
      fmt::print(stderr, "ghostport diff: error: {}\n", why);
      return exit_code::kError;
    }
    *doc = std::move(*loaded);
  }
  const auto diff = report::diff_analyses(old_doc, new_doc);
  const std::string text =
      cmd.format == "json" ? diff.dump(2) + "\n" : report::render_diff_table(diff, cmd.old_path, cmd.new_path);
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
    fmt::print(stderr, "ghostport diff: error: writing the output failed\n");
    return exit_code::kError;
  }
  return report::diff_has_changes(diff) ? exit_code::kChanged : exit_code::kOk;
}

}  // namespace

void add_diff_command(CLI::App& app) {
  auto cmd = std::make_shared<DiffCommand>();
  CLI::App* sub = app.add_subcommand("diff", "What changed between two `analyze -F json` results");
  sub->add_option("OLD", cmd->old_path, "Earlier result (ghostport analyze -F json)")->required();
  sub->add_option("NEW", cmd->new_path, "Later result")->required();
  sub->add_option("-F,--format", cmd->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  sub->footer(
      "Lists ports whose label or standing changed, new orphaned ports with traffic, new scanners\n"
      "and ports that went quiet. Ports only scanners touched count under their scanner.\n"
      "Exit status: 0 nothing changed, 4 something changed, 1 an input is unreadable or not an\n"
      "analyze result, 2 bad command line.\n"
      "Examples:\n"
      "  ghostport analyze -r monday.pcap -F json > monday.json\n"
      "  ghostport analyze -r tuesday.pcap -F json > tuesday.json\n"
      "  ghostport diff monday.json tuesday.json\n"
      "  ghostport analyze -r tuesday.pcap --baseline monday.json     (the same, in one step)");
  sub->callback([cmd] { exit_status() = run_diff(*cmd); });
}

}  // namespace gp::cli
