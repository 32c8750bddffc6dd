#include "tools/ghostport/usage_hint.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <string_view>

#include "common/name_suggest.hpp"

namespace gp::cli {
namespace {

std::string command_path(const CLI::App* app) {
  std::string path = app->get_name();
  for (const CLI::App* p = app->get_parent(); p != nullptr; p = p->get_parent()) {
    path = (p->get_parent() == nullptr ? std::string("ghostport") : p->get_name()) + " " + path;
  }
  return app->get_parent() == nullptr ? std::string("ghostport") : path;
}

std::string suggestion(std::string_view wrong, const std::vector<std::string>& names) {
  const std::vector<std::string_view> views(names.begin(), names.end());
  return did_you_mean(wrong, views);
}

// The long option names `app` and the apps it falls through to accept ("--format").
bool knows_option(const CLI::App* app, const std::string& name) {
  for (const CLI::App* a = app; a != nullptr; a = a->get_parent()) {
    if (a->get_option_no_throw(name) != nullptr) return true;
  }
  return false;
}

std::vector<std::string> long_options(const CLI::App* app) {
  std::vector<std::string> names;
  for (const CLI::App* a = app; a != nullptr; a = a->get_parent()) {
    for (const CLI::Option* o : a->get_options()) {
      for (const std::string& l : o->get_lnames()) names.push_back("--" + l);
    }
  }
  return names;
}

}  // namespace

std::string usage_hint(CLI::App& app, const std::vector<std::string>& args) {
  CLI::App* current = &app;
  bool expecting_value = false;  // the word after an option that takes one is its value
  for (const std::string& arg : args) {
    if (arg == "--") break;  // the rest are positionals by definition
    if (arg.size() > 2 && arg.starts_with("--")) {
      const std::string name = arg.substr(0, arg.find('='));
      if (!knows_option(current, name)) {
        return fmt::format("{}: unknown option '{}'{}", command_path(current), name,
                           suggestion(name, long_options(current)));
      }
      const CLI::Option* o = nullptr;
      for (const CLI::App* a = current; a != nullptr && o == nullptr; a = a->get_parent())
        o = a->get_option_no_throw(name);
      expecting_value = arg.find('=') == std::string::npos && o != nullptr && o->get_type_size_max() > 0;
      continue;
    }
    if (arg.size() > 1 && arg[0] == '-') {
      // A short option: CLI11's own message is precise enough; its value may follow.
      const CLI::Option* o = nullptr;
      for (const CLI::App* a = current; a != nullptr && o == nullptr; a = a->get_parent()) {
        o = a->get_option_no_throw(arg.substr(0, 2));
      }
      expecting_value = arg.size() == 2 && o != nullptr && o->get_type_size_max() > 0;
      continue;
    }
    if (expecting_value) {
      expecting_value = false;
      continue;
    }
    const auto subs = current->get_subcommands([](CLI::App*) { return true; });
    if (subs.empty()) continue;  // a positional argument of a leaf command
    CLI::App* next = nullptr;
    std::vector<std::string> names;
    for (CLI::App* s : subs) {
      if (s->get_name().empty()) continue;  // an option group, not a command
      names.push_back(s->get_name());
      if (s->check_name(arg)) next = s;
    }
    if (next == nullptr) {
      return fmt::format("'{}' is not a {} subcommand{}; the subcommands are: {}", arg, command_path(current),
                         suggestion(arg, names), fmt::join(names, ", "));
    }
    current = next;
  }
  return {};
}

}  // namespace gp::cli
