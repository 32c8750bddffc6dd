// Helpers for the rules tests: feature values set by name, and rule files written to a
// fresh temporary directory so diagnostics carry real paths.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "classify/features/feature_catalog.hpp"
#include "common/diagnostics.hpp"
#include "rules/rule_file.hpp"
#include "tests/support/addresses.hpp"

namespace gp::rules::testing {

class Values : public FeatureValues {
 public:
  Values& set(std::string_view name, double v) { return put(name, v); }
  Values& set(std::string_view name, int v) { return put(name, static_cast<double>(v)); }
  Values& set(std::string_view name, bool v) { return put(name, v); }
  Values& set(std::string_view name, const char* v) {
    const auto id = find_feature(name);
    EXPECT_TRUE(id.has_value()) << "no feature " << name;
    if (id) texts_[*id] = v;
    return *this;
  }
  Values& set_addr(std::string_view name, std::string_view text) { return put(name, test::ip(text)); }
  // Text values are viewed at lookup, so a copied Values never points into its source.
  FeatureValue get(FeatureId id) const override {
    if (const auto t = texts_.find(id); t != texts_.end()) return std::string_view(t->second);
    const auto it = values_.find(id);
    return it == values_.end() ? FeatureValue{} : it->second;
  }

 private:
  Values& put(std::string_view name, FeatureValue v) {
    const auto id = find_feature(name);
    EXPECT_TRUE(id.has_value()) << "no feature " << name;
    if (id) {
      values_[*id] = v;
      texts_.erase(*id);
    }
    return *this;
  }
  std::map<FeatureId, FeatureValue> values_;
  std::map<FeatureId, std::string> texts_;
};

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "gp_rules_XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string write(const std::string& name, const std::string& content) const {
    const auto p = path_ / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p) << content;
    return p.string();
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Every diagnostic of a run, formatted like the CLI prints them.
inline std::vector<std::string> formatted(const Diagnostics& d) {
  std::vector<std::string> out;
  for (const auto& x : d.all()) out.push_back(format(x));
  return out;
}

// Parses `toml` as a file named "r.toml" (no disk needed) and returns its rules.
inline std::vector<Rule> parse_text(const std::string& toml, Diagnostics& diags) {
  return parse_rule_file("r.toml", toml, diags);
}

}  // namespace gp::rules::testing
