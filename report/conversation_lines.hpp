// One conversation as analyze's JSON Lines or CSV output has it, or as an element of its JSON
// document (--conversations): shared by the whole-result renderers and the stream that writes
// each conversation as it is judged.
#pragma once

#include <string>
#include <string_view>

#include "annotate/results.hpp"

namespace gp::report {

std::string conversation_json_line(const ConversationResult& c);
// As an element of -F json's "conversations" array, indented as the document has it (no comma
// or line break after it).
std::string conversation_json_element(const ConversationResult& c);

// How render_json() lays out the elements of a top-level array (dump(2)'s layout): after its
// '[', between elements and before its ']'; an empty array is "[]". The stream of
// conversations fills the document's empty array with these.
struct JsonArrayLayout {
  static constexpr std::string_view before_first = "\n";
  static constexpr std::string_view between = ",\n";
  static constexpr std::string_view after_last = "\n  ";
};

std::string_view conversation_csv_header();
std::string conversation_csv_row(const ConversationResult& c);

}  // namespace gp::report
