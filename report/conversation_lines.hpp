// One conversation as a line of analyze's JSON Lines or CSV output (--conversations): shared by
// the whole-result renderers and the stream that writes each conversation as it is judged.
#pragma once

#include <string>
#include <string_view>

#include "annotate/results.hpp"

namespace gp::report {

std::string conversation_json_line(const ConversationResult& c);
std::string_view conversation_csv_header();
std::string conversation_csv_row(const ConversationResult& c);

}  // namespace gp::report
