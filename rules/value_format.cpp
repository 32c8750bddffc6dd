#include "rules/value_format.hpp"

#include <fmt/format.h>

#include <cmath>

namespace gp::rules {

namespace {

std::string trim_zeros(std::string s) {
  if (s.find('.') == std::string::npos) return s;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

std::string fixed(double v, int decimals) { return fmt::format("{:.{}f}", v, decimals); }

// SI prefixes, as network tools print transfer sizes; exact below 10 kB, where it is readable.
std::string bytes_text(double v) {
  if (std::fabs(v) < 10'000.0) return fmt::format("{} B", format_number(v));
  constexpr std::string_view kUnits[] = {"kB", "MB", "GB", "TB"};
  double scaled = v;
  std::size_t unit = 0;
  scaled /= 1000.0;
  while (std::fabs(scaled) >= 1000.0 && unit + 1 < std::size(kUnits)) {
    scaled /= 1000.0;
    ++unit;
  }
  return fmt::format("{} {}", trim_zeros(fixed(scaled, 1)), kUnits[unit]);
}

std::string seconds_text(double v) {
  if (std::fabs(v) >= 100.0) return fmt::format("{} s", fixed(v, 0));
  return fmt::format("{} s", format_number(v));
}

}  // namespace

std::string format_number(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{}", static_cast<long long>(v));
  return trim_zeros(fixed(v, 3));
}

std::string format_value(const FeatureDef& def, const FeatureValue& value, ValueStyle style) {
  if (std::holds_alternative<std::monostate>(value)) return "-";
  if (const auto* b = std::get_if<bool>(&value)) return *b ? "true" : "false";
  if (const auto* s = std::get_if<std::string_view>(&value)) return std::string(*s);
  if (const auto* a = std::get_if<IpAddress>(&value)) return a->to_string();
  const double v = std::get<double>(value);
  if (style.percent) {
    return fmt::format("{}%", style.decimals >= 0 ? fixed(v * 100.0, style.decimals) : fixed(v * 100.0, 0));
  }
  if (style.decimals >= 0) {
    const std::string n = fixed(v, style.decimals);
    if (def.unit == "s") return n + " s";
    if (def.unit == "bytes") return n + " B";
    return n;
  }
  if (def.unit == "bytes") return bytes_text(v);
  if (def.unit == "s") return seconds_text(v);
  if (def.unit == "bits/byte") return fmt::format("{} bits/byte", trim_zeros(fixed(v, 2)));
  if (def.unit == "ratio") return trim_zeros(fixed(v, 2));
  return format_number(v);
}

}  // namespace gp::rules
