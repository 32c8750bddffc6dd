// Number agreement in rendered reasons: a rule writes "{flows} completed sessions", and a
// count of 1 must read "1 completed session", not "1 completed sessions".
#pragma once

#include <string>
#include <string_view>

namespace gp::rules {

// The English singular of a regular plural ("hosts" → "host", "retries" → "retry",
// "addresses" → "address"); the word unchanged when it does not look plural.
std::string singular(std::string_view word);

// `literal` is the text right after a value rendered as "1": its counted noun made singular.
// The noun is the first word, or the second when the first is an adjective ("completed",
// "distinct", "open", ...). Anything else stays as written.
std::string agree_with_one(std::string_view literal);

}  // namespace gp::rules
