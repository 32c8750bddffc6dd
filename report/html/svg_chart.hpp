// Inline SVG charts generated in C++: no script, no external fonts or fetches, so a report
// opens the same offline as online. Labels are escaped here; callers pass plain text.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gp::report::html {

struct Bar {
  std::string label;
  double value = 0;
  bool highlight = false;  // drawn in the accent colour (e.g. an orphaned port)
};

// Horizontal bars, one row per item, value printed at the bar's end.
std::string bar_chart(const std::vector<Bar>& bars, int width = 640);

struct Series {
  std::string name;
  std::vector<std::uint32_t> values;  // one per bucket
};

// Stacked columns over time buckets; the x axis is labelled with `bucket_seconds`.
std::string stacked_timeline(const std::vector<Series>& series, double bucket_seconds, int width = 1100,
                             int height = 260);

// A heat map: rows x columns of counts, darker = more; row/column labels on the edges.
std::string heat_map(const std::vector<std::string>& rows, const std::vector<std::string>& cols,
                     const std::vector<std::vector<std::uint64_t>>& cells);

// Colour of series i (a fixed palette readable on white).
std::string series_colour(std::size_t i);

}  // namespace gp::report::html
