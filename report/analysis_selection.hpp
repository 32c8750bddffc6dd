// What every writer of an AnalysisResult shares: which ports and conversations it shows, in
// which order (--sort, --only-orphaned), and the label breakdown as text.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "annotate/results.hpp"
#include "report/analysis_render.hpp"

namespace gp::report {

std::vector<const PortResult*> selected_ports(const AnalysisResult& r, const RenderOptions& o);
// The selected ports' conversations, by transport, port, server and client.
std::vector<const ConversationResult*> selected_conversations(const AnalysisResult& r, const RenderOptions& o);

// "15 scanner_noise, 2 custom_application": conversations per label, most first.
std::string breakdown_text(const PortResult& p);
// Distinct counts past the exact range are estimates: "~508".
std::string host_count(std::uint64_t n, bool exact);

}  // namespace gp::report
