#include "report/analysis_selection.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <fmt/format.h>

#include "rules/label.hpp"

namespace gp::report {

using rules::severity_rank;

std::vector<const PortResult*> selected_ports(const AnalysisResult& r, const RenderOptions& o) {
  std::vector<const PortResult*> out;
  for (const PortResult& p : r.ports) {
    if (o.only_orphaned && !is_orphan_like(p.standing)) continue;
    out.push_back(&p);
  }
  // r.ports is in standing order; the others re-sort it, stable and with a full tie-break.
  const auto by_port = [](const PortResult* a, const PortResult* b) {
    return std::tie(a->ip_proto, a->port) < std::tie(b->ip_proto, b->port);
  };
  switch (o.sort) {
    case PortOrder::standing: break;
    case PortOrder::port: std::stable_sort(out.begin(), out.end(), by_port); break;
    case PortOrder::flows:
      std::stable_sort(out.begin(), out.end(), [&](const PortResult* a, const PortResult* b) {
        if (a->flows != b->flows) return a->flows > b->flows;
        return by_port(a, b);
      });
      break;
    case PortOrder::severity:
      std::stable_sort(out.begin(), out.end(), [&](const PortResult* a, const PortResult* b) {
        const int ra = severity_rank(a->label);
        const int rb = severity_rank(b->label);
        if (ra != rb) return ra < rb;
        // Confidence as printed (2 decimals), so rows that read the same tie on evidence.
        const long ca = std::lround(a->confidence * 100.0);
        const long cb = std::lround(b->confidence * 100.0);
        if (ca != cb) return ca > cb;
        if (a->flows != b->flows) return a->flows > b->flows;
        return by_port(a, b);
      });
      break;
  }
  return out;
}

std::vector<const ConversationResult*> selected_conversations(const AnalysisResult& r, const RenderOptions& o) {
  std::vector<const ConversationResult*> out;
  for (const PortResult* p : selected_ports(r, o)) {
    for (std::size_t i : p->conversations) out.push_back(&r.conversations[i]);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const ConversationResult* a, const ConversationResult* b) { return in_key_order(*a, *b); });
  return out;
}

std::string breakdown_text(const PortResult& p) {
  std::string s;
  for (const LabelCount& l : p.breakdown) {
    if (!s.empty()) s += ", ";
    s += fmt::format("{} {}", l.conversations, rules::to_string(l.label));
  }
  return s;
}

std::string host_count(std::uint64_t n, bool exact) { return exact ? fmt::format("{}", n) : fmt::format("~{}", n); }

}  // namespace gp::report
