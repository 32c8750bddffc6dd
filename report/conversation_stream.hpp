// analyze --conversations with -F jsonl, csv or json: each conversation is written as soon as
// it is judged (the engine's on_judged), so a capture of millions of conversations holds none
// of them to the end (issue 24). The text is the whole-result renderers' (conversation_lines.hpp),
// in judging order: key order (transport, port, server, client), except that when a full model
// judged some early, those batches come first, each in key order.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "annotate/results.hpp"
#include "classify/registry/port_registry.hpp"
#include "report/analysis_render.hpp"

namespace gp::report {

class ConversationStream {
 public:
  // Every format but the table, whose columns are sized to every row. JSON Lines and CSV are
  // written a block of lines at a time; JSON's conversations wait in a temporary file (unnamed,
  // in $TMPDIR or /tmp, gone with the stream) until the rest of the document is known.
  static bool streams(AnalysisFormat format) { return format != AnalysisFormat::table; }

  // `registry` gives the port standing --only-orphaned selects by; `out` stays the caller's.
  ConversationStream(AnalysisFormat format, bool only_orphaned, const registry::PortRegistry* registry, std::FILE* out);
  ~ConversationStream();
  ConversationStream(const ConversationStream&) = delete;
  ConversationStream& operator=(const ConversationStream&) = delete;

  // Empty, or why the stream cannot work (no temporary file for JSON): say it before reading.
  const std::string& error() const { return error_; }

  void write(const ConversationResult& c);
  // JSON Lines, CSV: writes what is still buffered (CSV: the header, even with no
  // conversation). JSON: writes `document`, the result rendered with --conversations and none
  // kept (its "conversations" array empty), with the conversations written so far in that
  // array. False when any of the output could not be written.
  bool finish(std::string_view document = {});

 private:
  void flush();
  bool copy_spool();

  AnalysisFormat format_;
  bool only_orphaned_;
  const registry::PortRegistry* registry_;
  std::FILE* out_;
  std::FILE* spool_ = nullptr;  // JSON: the array's elements, until finish()
  std::string buffer_;
  bool empty_ = true;  // nothing written yet (JSON: no element, so no comma before the next)
  bool failed_ = false;
  std::string error_;
};

}  // namespace gp::report
