// `ghostport registry`: which IANA registry is in use (show), and installing a newer copy of
// IANA's CSV in the user's data directory (update). A copy is installed only once it has
// been read in full without an error, by a rename in its directory: a bad file, or a crash
// half way, leaves the copy in use as it was.
#include <fcntl.h>
#include <fmt/core.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>

#include "classify/registry/data_root.hpp"
#include "classify/registry/iana_csv.hpp"
#include "classify/registry/iana_diff.hpp"
#include "tools/ghostport/commands.hpp"
#include "common/exit_status.hpp"

extern char** environ;

namespace gp::cli {
namespace {

namespace fs = std::filesystem;
namespace reg = gp::registry;

// IANA's export is about 4 MB; this is ample and keeps a wrong file from filling memory.
constexpr std::uintmax_t kMaxRegistryBytes = 64U << 20U;
// IANA's file has some 14,000 rows with a port: fewer than this is a cut or wrong file.
constexpr std::size_t kMinPortRows = 5000;

struct RegistryCommand {
  std::string source;
  bool force = false;
  std::size_t show_changes = 50;
};

bool is_url(const std::string& s) { return s.starts_with("https://") || s.starts_with("http://"); }

// curl, when installed, fetches a URL into `dest`; the error says what to do otherwise.
bool fetch(const std::string& url, const fs::path& dest, std::string& why) {
  const std::string max = std::to_string(kMaxRegistryBytes);
  const std::string out = dest.string();
  const char* argv[] = {"curl",       "-fsSL", "--proto", "=https,http", "--max-filesize", max.c_str(),
                        "--max-time", "300",   "-o",      out.c_str(),   url.c_str(),      nullptr};
  pid_t pid = 0;
  // posix_spawnp's argv is char* const[]; curl does not write to it.
  const int rc = posix_spawnp(&pid, "curl", nullptr, nullptr, const_cast<char* const*>(argv), environ);  // NOLINT
  if (rc == ENOENT) {
    why =
        "curl is not installed (apt-get install curl), or download the CSV yourself and run "
        "ghostport registry update FILE";
    return false;
  }
  if (rc != 0) {
    why = fmt::format("cannot run curl: {}", std::strerror(rc));
    return false;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    why = fmt::format(
        "curl could not fetch it (exit status {}); check the URL, or download the CSV and run "
        "ghostport registry update FILE",
        WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return false;
  }
  return true;
}

void print_changes(const char* what, const std::vector<reg::IanaChange>& list, std::size_t limit) {
  fmt::print("{} {}\n", list.size(), what);
  for (std::size_t i = 0; i < list.size() && i < limit; ++i) {
    const auto& c = list[i];
    if (c.before.empty()) {
      fmt::print("  + {}: {}\n", c.key, c.after);
    } else if (c.after.empty()) {
      fmt::print("  - {}: {}\n", c.key, c.before);
    } else {
      fmt::print("  ~ {}:\n      was {}\n      now {}\n", c.key, c.before, c.after);
    }
  }
  if (list.size() > limit) fmt::print("  ... and {} more (--show-changes N)\n", list.size() - limit);
}

int run_show() {
  const auto choice = reg::default_iana_registry();
  if (!choice) {
    fmt::print("no IANA registry found: ghostport falls back to nmap-services or /etc/services\n");
    return exit_code::kOk;
  }
  Diagnostics diags;
  const reg::IanaTable table = reg::load_iana_csv(choice->path, diags);
  fmt::print("registry: {}\nsource: {}\ndate: {}\nport rows: {}\n", choice->path, choice->origin,
             reg::newest_date(table), table.records.size());
  fmt::print("shipped snapshot: {}\nupdates install to: {}\n", reg::shipped_registry_csv().string(),
             reg::user_registry_csv().string());
  return diags.error_count() > 0 ? exit_code::kPartialInput : exit_code::kOk;
}

int run_update(const RegistryCommand& cmd) {
  const fs::path target = reg::user_registry_csv();
  if (target.empty()) {
    fmt::print(stderr,
               "ghostport registry update: neither XDG_DATA_HOME nor HOME is set: no data directory to install to\n");
    return exit_code::kError;
  }
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  if (ec) {
    fmt::print(stderr, "ghostport registry update: cannot create {}: {}\n", target.parent_path().string(),
               ec.message());
    return exit_code::kError;
  }
  // The new copy is written beside the target, so the final rename stays in one file system.
  std::string pattern = (target.parent_path() / ".service-names-port-numbers.csv.XXXXXX").string();
  const int fd = mkstemp(pattern.data());
  if (fd < 0) {
    fmt::print(stderr, "ghostport registry update: cannot create a file in {}: {}\n", target.parent_path().string(),
               std::strerror(errno));
    return exit_code::kError;
  }
  const fs::path tmp = pattern;
  const auto cleanup = std::unique_ptr<const fs::path, void (*)(const fs::path*)>(&tmp, [](const fs::path* p) {
    std::error_code ignored;
    fs::remove(*p, ignored);  // ours: made by mkstemp above
  });
  fs::path input = cmd.source;
  if (is_url(cmd.source)) {
    ::close(fd);
    std::string why;
    if (!fetch(cmd.source, tmp, why)) {
      fmt::print(stderr, "ghostport registry update: {}: {}\n", cmd.source, why);
      return exit_code::kError;
    }
    input = tmp;
  } else {
    ::close(fd);
    const auto size = fs::file_size(input, ec);
    if (ec) {
      fmt::print(stderr, "ghostport registry update: {}: {}\n", cmd.source, ec.message());
      return exit_code::kError;
    }
    if (size > kMaxRegistryBytes) {
      fmt::print(stderr, "ghostport registry update: {}: {} bytes; IANA's CSV is about 4 MB (limit {} bytes)\n",
                 cmd.source, size, kMaxRegistryBytes);
      return exit_code::kError;
    }
  }

  Diagnostics diags;
  const reg::IanaTable fresh = reg::load_iana_csv(input.string(), diags);
  std::size_t shown = 0;
  for (const auto& d : diags.all()) {
    if (d.severity == Severity::error && shown++ < 10) fmt::print(stderr, "{}\n", format(d));
  }
  if (diags.error_count() > 0 || fresh.records.size() < kMinPortRows) {
    fmt::print(stderr,
               "ghostport registry update: {} is not a complete IANA service-names-port-numbers.csv ({} error(s), {} "
               "port rows, at least {} expected); nothing was changed\n",
               cmd.source, diags.error_count(), fresh.records.size(), kMinPortRows);
    return exit_code::kError;
  }

  // Compared with the copy in use without --registry (the updated copy, else the shipped one).
  reg::IanaTable current;
  std::string current_path;
  if (fs::is_regular_file(target, ec)) {
    current_path = target.string();
  } else if (fs::is_regular_file(reg::shipped_registry_csv(), ec)) {
    current_path = reg::shipped_registry_csv().string();
  }
  if (!current_path.empty()) {
    Diagnostics ignored;
    current = reg::load_iana_csv(current_path, ignored);
  }
  const std::string old_date = reg::newest_date(current), new_date = reg::newest_date(fresh);
  if (!cmd.force && new_date < old_date) {
    fmt::print(
        stderr,
        "ghostport registry update: {} is of {}, older than {} ({}); nothing was changed (--force installs it)\n",
        cmd.source, new_date, current_path, old_date);
    return exit_code::kError;
  }
  const reg::IanaDiff diff = reg::diff_iana(current, fresh);
  fmt::print("{} ({}, {} port rows) against {} ({})\n", cmd.source, new_date, fresh.records.size(),
             current_path.empty() ? "nothing" : current_path, old_date.empty() ? "-" : old_date);
  print_changes("new assignments", diff.added, cmd.show_changes);
  print_changes("removed assignments", diff.removed, cmd.show_changes);
  print_changes("changed assignments", diff.changed, cmd.show_changes);

  if (input != tmp) {
    fs::copy_file(input, tmp, fs::copy_options::overwrite_existing, ec);
    if (ec) {
      fmt::print(stderr, "ghostport registry update: cannot copy {} to {}: {}\n", cmd.source, tmp.string(),
                 ec.message());
      return exit_code::kError;
    }
  }
  fs::permissions(tmp, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read,
                  ec);
  if (const int sync_fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC); sync_fd >= 0) {
    ::fsync(sync_fd);  // the data is on disk before the name points at it
    ::close(sync_fd);
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    fmt::print(stderr, "ghostport registry update: cannot install {}: {}\n", target.string(), ec.message());
    return exit_code::kError;
  }
  fmt::print("installed {}\n", target.string());
  return exit_code::kOk;
}

}  // namespace

void add_registry_command(CLI::App& app) {
  auto cmd = std::make_shared<RegistryCommand>();
  CLI::App* sub = app.add_subcommand("registry", "Which IANA port registry is used; install a newer one");
  sub->require_subcommand(1);
  CLI::App* show = sub->add_subcommand("show", "The IANA CSV in use without --registry, where it came from, its date");
  show->callback([] { exit_status() = run_show(); });
  CLI::App* update = sub->add_subcommand(
      "update", "Check a newer IANA CSV (file or URL), print what changed, install it in ~/.local/share/ghostport");
  update->add_option("SOURCE", cmd->source, "service-names-port-numbers.csv, or an http(s) URL fetched with curl")
      ->required();
  update->add_flag("--force", cmd->force, "Install even if it is older than the copy in use");
  update->add_option("--show-changes", cmd->show_changes, "Changes listed per kind (the counts are always complete)")
      ->capture_default_str();
  update->footer(
      "Examples:\n"
      "  ghostport registry update ~/Downloads/service-names-port-numbers.csv\n"
      "  ghostport registry update https://www.iana.org/assignments/service-names-port-numbers/"
      "service-names-port-numbers.csv\n");
  update->callback([cmd] { exit_status() = run_update(*cmd); });
}

}  // namespace gp::cli
