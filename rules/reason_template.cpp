#include "rules/reason_template.hpp"

#include <fmt/format.h>

#include <vector>

#include "common/name_suggest.hpp"
#include "rules/plural.hpp"

namespace gp::rules {

namespace {

std::vector<std::string_view> feature_names() {
  std::vector<std::string_view> names;
  for (const auto& d : feature_catalog()) names.push_back(d.name);
  return names;
}

// Parses the part after ':' in "{feature:spec}"; nullopt when it is not a known style.
std::optional<ValueStyle> parse_style(std::string_view spec) {
  ValueStyle s;
  if (spec.empty()) return s;
  if (spec.front() == '%') {
    s.percent = true;
    spec.remove_prefix(1);
    if (spec.empty()) return s;
  }
  if (spec.size() == 2 && spec[0] == '.' && spec[1] >= '0' && spec[1] <= '6') {
    s.decimals = spec[1] - '0';
    return s;
  }
  return std::nullopt;
}

}  // namespace

ReasonTemplate parse_reason(std::string_view text, FeatureScope rule_scope, std::vector<TemplateProblem>& problems) {
  ReasonTemplate t;
  if (text.size() > kMaxReasonBytes) {
    problems.push_back({0, fmt::format("reason is {} bytes long; at most {} (a reason is one sentence)", text.size(),
                                       kMaxReasonBytes)});
    t.parts.push_back({});
    return t;
  }
  t.text = std::string(text);
  std::string literal;
  std::size_t i = 0;
  const std::size_t problems_before = problems.size();
  while (i < text.size() && problems.size() - problems_before < kMaxReasonProblems) {
    const char c = text[i];
    if (c == '}') {
      if (i + 1 < text.size() && text[i + 1] == '}') {
        literal += '}';
        i += 2;
        continue;
      }
      problems.push_back({i, "unmatched '}' in reason (write '}}' for a literal brace)"});
      ++i;
      continue;
    }
    if (c != '{') {
      literal += c;
      ++i;
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '{') {
      literal += '{';
      i += 2;
      continue;
    }
    const std::size_t close = text.find('}', i);
    if (close == std::string_view::npos) {
      problems.push_back({i, "unclosed '{' in reason (write '{{' for a literal brace)"});
      break;
    }
    const std::string_view inside = text.substr(i + 1, close - i - 1);
    const std::size_t colon = inside.find(':');
    const std::string_view name = inside.substr(0, colon);
    const std::string_view spec = colon == std::string_view::npos ? std::string_view{} : inside.substr(colon + 1);
    ReasonPart part{std::move(literal), std::nullopt, {}};
    literal.clear();
    const auto id = find_feature(name);
    if (!id) {
      const auto names = feature_names();
      problems.push_back({i + 1, fmt::format("reason cites unknown feature '{}'{}", name, did_you_mean(name, names))});
    } else {
      const FeatureDef& def = feature_def(*id);
      const auto style = parse_style(spec);
      if (def.scope == FeatureScope::flow && rule_scope == FeatureScope::group) {
        problems.push_back(
            {i + 1, fmt::format("reason cites flow feature '{}' in a group rule (set scope = \"flow\")", name)});
      } else if (!style) {
        problems.push_back(
            {i + 1 + name.size() + 1,
             fmt::format("unknown format '{}' for '{}' (use '%' or '.N' with N from 0 to 6)", spec, name)});
      } else if (def.type != FeatureType::number && (style->percent || style->decimals >= 0)) {
        problems.push_back(
            {i + 1 + name.size() + 1, fmt::format("format '{}' needs a number, but '{}' is {}", spec, name,
                                                  def.type == FeatureType::boolean ? "a boolean"
                                                  : def.type == FeatureType::text  ? "text"
                                                                                   : "an address")});
      } else {
        part.feature = id;
        part.style = *style;
      }
    }
    if (part.feature) t.parts.push_back(std::move(part));
    else literal = std::move(part.literal);  // keep the prose around a rejected placeholder
    i = close + 1;
  }
  t.parts.push_back({std::move(literal), std::nullopt, {}});
  return t;
}

std::string render(const ReasonTemplate& t, const FeatureValues& values) {
  std::string out;
  bool after_one = false;  // the value just written reads "1": its noun goes singular
  for (const auto& p : t.parts) {
    out += after_one ? agree_with_one(p.literal) : p.literal;
    after_one = false;
    if (p.feature) {
      const std::string value = format_value(feature_def(*p.feature), values.get(*p.feature), p.style);
      after_one = value == "1";
      out += value;
    }
  }
  return out;
}

}  // namespace gp::rules
