// Text from files and captures on its way to a terminal: a control character must neither
// break a row or line in two nor reach the terminal (ANSI escape sequences), so C0/C1
// controls and DEL are shown escaped (\n, \r, \t, \xNN, \u00NN). Printable UTF-8 passes
// unchanged. Every table, card and list a person reads goes through it.
#pragma once

#include <string>
#include <string_view>

namespace gp {

std::string printable(std::string_view s);

}  // namespace gp
