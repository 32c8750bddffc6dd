#include "report/html/svg_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "report/html/html_escape.hpp"

namespace gp::report::html {

std::string series_colour(std::size_t i) {
  static constexpr std::array<const char*, 8> kPalette{"#3b6fb6", "#e07b39", "#4a9c5d", "#c94c4c",
                                                       "#8064a2", "#2c9fa8", "#b5a33a", "#7f7f7f"};
  return kPalette[i % kPalette.size()];
}

std::string bar_chart(const std::vector<Bar>& bars, int width) {
  constexpr int kRow = 20;
  constexpr int kLabel = 150;
  const int height = static_cast<int>(bars.size()) * kRow + 10;
  double max = 1;
  for (const auto& b : bars) max = std::max(max, b.value);
  const double span = width - kLabel - 60;
  std::string out = fmt::format(
      R"(<svg class="chart bar-chart" xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}" role="img">)",
      width, height, width, height);
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const int y = static_cast<int>(i) * kRow + 5;
    const double w = std::max(1.0, bars[i].value / max * span);
    out += fmt::format(R"(<text x="{}" y="{}" text-anchor="end" class="lbl">{}</text>)", kLabel - 6, y + 14,
                       escape(bars[i].label));
    out += fmt::format(R"(<rect x="{}" y="{}" width="{:.1f}" height="{}" fill="{}"/>)", kLabel, y + 2, w, kRow - 5,
                       bars[i].highlight ? "#d0451b" : "#3b6fb6");
    out += fmt::format(R"(<text x="{:.1f}" y="{}" class="val">{}</text>)", kLabel + w + 4, y + 14, bars[i].value);
  }
  out += "</svg>";
  return out;
}

std::string stacked_timeline(const std::vector<Series>& series, double bucket_seconds, int width, int height) {
  std::size_t buckets = 0;
  for (const auto& s : series) buckets = std::max(buckets, s.values.size());
  if (buckets == 0) buckets = 1;
  std::vector<std::uint64_t> totals(buckets, 0);
  for (const auto& s : series) {
    for (std::size_t i = 0; i < s.values.size(); ++i) totals[i] += s.values[i];
  }
  const double max = std::max<double>(1.0, static_cast<double>(*std::max_element(totals.begin(), totals.end())));
  constexpr int kLeft = 50;
  constexpr int kBottom = 40;
  const double plot_w = width - kLeft - 10;
  const double plot_h = height - kBottom - 10;
  const double col = plot_w / static_cast<double>(buckets);
  std::string out = fmt::format(
      R"(<svg class="chart timeline" xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}" role="img">)",
      width, height, width, height);
  out += fmt::format(R"(<line x1="{}" y1="{:.1f}" x2="{}" y2="{:.1f}" stroke="#999"/>)", kLeft, 10 + plot_h, width - 10,
                     10 + plot_h);
  out += fmt::format(R"(<text x="{}" y="18" text-anchor="end" class="val">{:.0f}</text>)", kLeft - 4, max);
  out += fmt::format(R"(<text x="{}" y="{:.1f}" text-anchor="end" class="val">0</text>)", kLeft - 4, 10 + plot_h);
  for (std::size_t b = 0; b < buckets; ++b) {
    double y = 10 + plot_h;
    for (std::size_t s = 0; s < series.size(); ++s) {
      const double v = b < series[s].values.size() ? series[s].values[b] : 0;
      if (v <= 0) continue;
      const double h = v / max * plot_h;
      y -= h;
      out += fmt::format(
          R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}"><title>{}: {}</title></rect>)",
          kLeft + static_cast<double>(b) * col, y, std::max(1.0, col - 1), h, series_colour(s), escape(series[s].name),
          v);
    }
  }
  const std::size_t step = std::max<std::size_t>(1, buckets / 8);
  for (std::size_t b = 0; b <= buckets; b += step) {
    out += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle" class="val">+{:.0f}s</text>)",
                       kLeft + static_cast<double>(b) * col, 10 + plot_h + 16, static_cast<double>(b) * bucket_seconds);
  }
  // Legend.
  double lx = kLeft;
  for (std::size_t s = 0; s < series.size(); ++s) {
    out += fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="10" height="10" fill="{}"/>)", lx, height - 14.0,
                       series_colour(s));
    out += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" class="lbl">{}</text>)", lx + 14, height - 5.0,
                       escape(series[s].name));
    lx += 30 + 7.0 * static_cast<double>(series[s].name.size());
  }
  out += "</svg>";
  return out;
}

std::string heat_map(const std::vector<std::string>& rows, const std::vector<std::string>& cols,
                     const std::vector<std::vector<std::uint64_t>>& cells) {
  constexpr int kCell = 26;
  constexpr int kLeft = 110;
  constexpr int kTop = 110;
  const int width = kLeft + static_cast<int>(cols.size()) * kCell + 10;
  const int height = kTop + static_cast<int>(rows.size()) * kCell + 10;
  std::uint64_t max = 1;
  for (const auto& r : cells) {
    for (auto v : r) max = std::max(max, v);
  }
  std::string out = fmt::format(
      R"(<svg class="chart heat-map" xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}" role="img">)",
      width, height, width, height);
  for (std::size_t c = 0; c < cols.size(); ++c) {
    const int x = kLeft + static_cast<int>(c) * kCell + kCell / 2;
    out += fmt::format(R"~(<text transform="translate({},{}) rotate(-60)" class="lbl">{}</text>)~", x, kTop - 6,
                       escape(cols[c]));
  }
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const int y = kTop + static_cast<int>(r) * kCell;
    out += fmt::format(R"(<text x="{}" y="{}" text-anchor="end" class="lbl">{}</text>)", kLeft - 6, y + 17,
                       escape(rows[r]));
    for (std::size_t c = 0; c < cols.size(); ++c) {
      const std::uint64_t v = r < cells.size() && c < cells[r].size() ? cells[r][c] : 0;
      // Log scale: one probe must stay visible next to a thousand.
      const double t =
          v == 0 ? 0 : 0.15 + 0.85 * std::log1p(static_cast<double>(v)) / std::log1p(static_cast<double>(max));
      out += fmt::format(
          R"(<rect x="{}" y="{}" width="{}" height="{}" fill="{}" fill-opacity="{:.2f}" stroke="#eee"><title>{} / {}: {}</title></rect>)",
          kLeft + static_cast<int>(c) * kCell, y, kCell - 1, kCell - 1, v == 0 ? "#ffffff" : "#b2182b",
          v == 0 ? 1.0 : t, escape(rows[r]), escape(cols[c]), v);
    }
  }
  out += "</svg>";
  return out;
}

}  // namespace gp::report::html
