// HTML text and attribute escaping. Every string that came from a capture (addresses are
// safe, payload text, file names are not) goes through escape() before it reaches a page.
#pragma once

#include <string>
#include <string_view>

namespace gp::report::html {

// Escapes & < > " ' so the result is safe as element text and inside quoted attributes.
std::string escape(std::string_view text);

}  // namespace gp::report::html
