// Zeek's rules for text in logs (ODesc escaping in Zeek's ASCII writer, UTF-8 enabled):
//  - printable ASCII and valid UTF-8 sequences pass unchanged;
//  - control bytes (tab, newline, …), DEL, '\\' and bytes of invalid UTF-8 become "\xNN";
//  - inside a set, the set separator ',' is escaped too ("\x2c"), so elements split cleanly;
//  - TSV only: an empty string is "(empty)", and a string that is exactly the unset marker
//    "-" gets its first byte escaped ("\x2d") so it cannot be read back as unset.
#pragma once

#include <fmt/format.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace gp::report {

// Length of the valid UTF-8 sequence starting at s[pos] (RFC 3629: no overlongs, no
// surrogates, nothing above U+10FFFF), or 0 if the bytes there are not one.
std::size_t utf8_sequence_length(std::string_view s, std::size_t pos);

// One TSV field value (string or enum column, or one element of a set[string]).
void append_tsv_escaped(fmt::memory_buffer& out, std::string_view s, bool in_set);

// For JSON: invalid UTF-8 bytes become the four characters "\xNN" (as Zeek's JSON writer
// shows them); everything else is left to the JSON library's own escaping.
std::string json_safe_utf8(std::string_view s);

}  // namespace gp::report
