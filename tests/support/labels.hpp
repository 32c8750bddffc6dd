// Labels in tests: GoogleTest prints a rules::Label by its name ("scanner_noise", not a
// byte), and test::label() turns a label's name in a test table into the enum.
#pragma once

#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>

#include "rules/label.hpp"

namespace gp::rules {

inline void PrintTo(Label label, std::ostream* os) { *os << to_string(label); }

}  // namespace gp::rules

namespace gp::test {

inline rules::Label label(std::string_view name) {
  const std::optional<rules::Label> l = rules::parse_label(name);
  if (!l) throw std::invalid_argument("no label named '" + std::string(name) + "'");
  return *l;
}

}  // namespace gp::test
