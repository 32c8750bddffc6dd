#include "report/analysis_render.hpp"

namespace gp::report {

std::optional<PortOrder> parse_port_order(std::string_view name) {
  if (name == "severity") return PortOrder::severity;
  if (name == "standing") return PortOrder::standing;
  if (name == "port") return PortOrder::port;
  if (name == "flows") return PortOrder::flows;
  return std::nullopt;
}

std::optional<AnalysisFormat> parse_analysis_format(std::string_view name) {
  if (name == "table") return AnalysisFormat::table;
  if (name == "json") return AnalysisFormat::json;
  if (name == "jsonl") return AnalysisFormat::jsonl;
  if (name == "csv") return AnalysisFormat::csv;
  return std::nullopt;
}

std::string render(const AnalysisResult& r, AnalysisFormat format, const RenderOptions& o) {
  switch (format) {
    case AnalysisFormat::table: return render_table(r, o);
    case AnalysisFormat::json: return render_json(r, o);
    case AnalysisFormat::jsonl: return render_jsonl(r, o);
    case AnalysisFormat::csv: return render_csv(r, o);
  }
  return render_table(r, o);
}

}  // namespace gp::report
