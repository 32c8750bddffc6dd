// --explain: every conversation of one port with its verdict, the rules that fired and the
// feature values, scan noise capped so a scanned port stays readable.
#include <algorithm>
#include <map>
#include <fmt/format.h>

#include "common/terminal_text.hpp"
#include "report/analysis_render.hpp"
#include "report/analysis_selection.hpp"

namespace gp::report {

using rules::to_string;

constexpr std::size_t kExplainNoiseLimit = 10;

std::string render_explain(const AnalysisResult& r, std::uint16_t port, std::optional<std::string> transport) {
  std::string out;
  for (const PortResult& p : r.ports) {
    if (p.port != port || (transport && p.transport != *transport)) continue;
    out += fmt::format("{}/{} — {} ({}): {} flows, {} clients, {} servers, {} bytes\n", p.port, p.transport,
                       printable(p.service), p.standing, p.flows, host_count(p.clients, p.clients_exact),
                       host_count(p.servers, p.servers_exact), p.bytes);
    out += fmt::format("label {} (confidence {:.2f}); conversations: {}\n\n", to_string(p.label), p.confidence,
                       breakdown_text(p));
    // The port's own label first, then the other real labels, then scan noise and unknown
    // traffic, most confident first; noise is capped so a scanned port stays readable, also
    // when noise is all the port saw (its label is then scanner_noise or unknown).
    std::vector<std::size_t> order = p.conversations;
    const auto noise = [](const ConversationResult& c) {
      return c.verdict.label == rules::Label::scanner_noise || c.verdict.label == rules::Label::unknown;
    };
    const auto rank = [&p, &noise](const ConversationResult& c) {
      if (c.verdict.label == p.label) return 0;
      return noise(c) ? 2 : 1;
    };
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const ConversationResult& ca = r.conversations[a];
      const ConversationResult& cb = r.conversations[b];
      if (rank(ca) != rank(cb)) return rank(ca) < rank(cb);
      return ca.verdict.confidence > cb.verdict.confidence;
    });
    std::map<rules::Label, std::size_t> shown_noise;
    std::map<rules::Label, std::size_t> hidden_noise;
    for (std::size_t i : order) {
      const ConversationResult& c = r.conversations[i];
      if (noise(c) && ++shown_noise[c.verdict.label] > kExplainNoiseLimit) {
        ++hidden_noise[c.verdict.label];
        continue;
      }
      out += fmt::format("  {} -> {}:{}/{}  {} flows  => {} ({:.2f})\n", c.client.to_string(), c.server.to_string(),
                         c.port, p.transport, c.flows, to_string(c.verdict.label), c.verdict.confidence);
      if (c.verdict.evidence.empty()) out += "    no rule fired\n";
      for (const RuleEvidence& e : c.verdict.evidence) {
        out += fmt::format("    {} {:<40} {:>+5.1f} {:<18} {}\n", e.against ? "-" : "+", e.rule_id,
                           e.against ? -e.weight : e.weight, e.label_name(), printable(e.reason));
      }
      std::string line = "    features:";
      for (const auto& [name, value] : c.features) {
        if (value == "-") continue;
        const std::string item = fmt::format(" {}={}", name, printable(value));
        if (line.size() + item.size() > 100) {
          out += line + "\n";
          line = "     ";
        }
        line += item;
      }
      out += line + "\n\n";
    }
    for (const auto& [label, count] : hidden_noise) {
      out += fmt::format(
          "  … and {} more {} conversations; list them all with: ghostport analyze -r FILE "
          "--conversations -F jsonl | jq 'select(.port == {} and .transport == \"{}\")'\n\n",
          count, to_string(label), p.port, p.transport);
    }
  }
  return out;
}

}  // namespace gp::report
