// analyze -F jsonl|csv --conversations: each conversation is written as soon as it is judged
// (the engine's on_judged), so a capture of millions of conversations holds none of them to
// the end (issue 24). The lines are the whole-result renderers' (conversation_lines.hpp), in
// judging order: key order (transport, port, server, client), except that when a full model
// judged some early, those batches come first, each in key order.
#pragma once

#include <cstdio>
#include <string>

#include "annotate/results.hpp"
#include "classify/registry/port_registry.hpp"
#include "report/analysis_render.hpp"

namespace gp::report {

class ConversationStream {
 public:
  // Formats whose conversations are lines of their own (JSON's sit inside one document, the
  // table's columns are sized to every row).
  static bool streams(AnalysisFormat format) {
    return format == AnalysisFormat::jsonl || format == AnalysisFormat::csv;
  }

  // `registry` gives the port standing --only-orphaned selects by; `out` stays the caller's.
  ConversationStream(AnalysisFormat format, bool only_orphaned, const registry::PortRegistry* registry, std::FILE* out);
  ConversationStream(const ConversationStream&) = delete;
  ConversationStream& operator=(const ConversationStream&) = delete;

  void write(const ConversationResult& c);
  // Writes what is still buffered (CSV: the header, even with no conversation); false when
  // any of the output could not be written.
  bool finish();

 private:
  void flush();

  AnalysisFormat format_;
  bool only_orphaned_;
  const registry::PortRegistry* registry_;
  std::FILE* out_;
  std::string buffer_;
  bool failed_ = false;
};

}  // namespace gp::report
