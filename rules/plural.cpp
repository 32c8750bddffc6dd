#include "rules/plural.hpp"

#include <array>

namespace gp::rules {
namespace {

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

// Words ending in "s" that are no plural of a counted noun.
constexpr std::array<std::string_view, 14> kNotPlural{
    "is", "was", "has", "its", "this", "us", "as", "plus", "across", "status", "always", "less", "unless", "process"};

// Adjectives a count may stand before its noun with: "1 completed sessions".
bool adjective(std::string_view w) {
  constexpr std::array<std::string_view, 9> kWords{"distinct", "open",       "closed",   "external", "internal",
                                                   "new",      "unanswered", "answered", "other"};
  for (const auto a : kWords) {
    if (w == a) return true;
  }
  return w.ends_with("ed") || w.ends_with("ing");
}

bool looks_plural(std::string_view w) {
  if (w.size() < 3 || !w.ends_with('s') || w.ends_with("ss") || w.ends_with("us") || w.ends_with("is")) return false;
  for (const auto n : kNotPlural) {
    if (w == n) return false;
  }
  return true;
}

}  // namespace

std::string singular(std::string_view w) {
  if (!looks_plural(w)) return std::string(w);
  if (w.ends_with("ies") && w.size() > 4) return std::string(w.substr(0, w.size() - 3)) + "y";
  if (w.ends_with("sses") || w.ends_with("xes") || w.ends_with("ches") || w.ends_with("shes")) {
    return std::string(w.substr(0, w.size() - 2));
  }
  return std::string(w.substr(0, w.size() - 1));
}

std::string agree_with_one(std::string_view literal) {
  // Up to two words after one space each; a word is a run of lower-case letters.
  std::size_t pos = 0;
  for (int word = 0; word < 2; ++word) {
    if (pos >= literal.size() || literal[pos] != ' ') break;
    const std::size_t start = pos + 1;
    std::size_t end = start;
    while (end < literal.size() && is_lower(literal[end])) ++end;
    const std::string_view w = literal.substr(start, end - start);
    if (w.empty()) break;
    if (looks_plural(w)) {
      return std::string(literal.substr(0, start)) + singular(w) + std::string(literal.substr(end));
    }
    if (!adjective(w)) break;
    pos = end;
  }
  return std::string(literal);
}

}  // namespace gp::rules
